# A hash of members' names and their own addresses defines them, even when
# code follows it on the line (a Vagrantfile looping over its machines).
Vagrant.configure("2") do |config|
  {"db-master-01" => "10.0.0.120", "db-slave-01" => "10.0.0.121"}.each do |name, ip|
    config.vm.define name do |node|
      node.vm.network "private_network", ip: ip
    end
  end
  # A name that is another member's pins the address it is given.
  {"db-slave-02" => "10.0.0.120"}.each { |name, ip| puts name }
  # A host key is a connection whatever follows it.
  {"host" => "10.0.0.121"}.each { |k, v| ENV[k] = v }
end
