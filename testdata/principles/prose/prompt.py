# A prompt is text for people, as print's sentence is.
host = input("Primary host [10.0.0.120]: ")
secret = getpass.getpass("Password for replica 10.0.0.121: ")
# The fallback is configuration.
host = host or "10.0.0.122"
