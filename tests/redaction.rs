//! Nothing leaks: random secrets planted in every syntax that writes one,
//! on lines that name a node (so that the line is printed), never appear in
//! any output — human, json, sarif, github, with `--show-suppressed`, the
//! `--log` line, parse-error notes — and each masked line is the line with
//! the secret replaced by `***`, its quotes and delimiters kept.

mod common;

use base64::Engine;
use common::Repo;

/// Characters a planted secret is drawn from: letters, digits and the
/// punctuation passwords hold that none of the syntaxes below quotes.
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~!%^+";

/// `(file, line)` with `{S}` where the secret goes: one line per syntax of
/// SPEC §5 "Redaction", each naming a node so that it is shown.
const PLANTS: &[(&str, &str)] = &[
    // URL passwords
    (
        "url.env",
        "DATABASE_URL=postgresql://app:{S}@10.0.0.121:5432/app",
    ),
    // dotenv value in a libpq keyword string
    (
        "libpq.env",
        "DATABASE_DSN=\"host=10.0.0.121 password={S} dbname=app\"",
    ),
    // shell prefix assignment, export with several, flags
    ("prefix.sh", "PGPASSWORD={S} psql -h 10.0.0.120 -U app"),
    ("export.sh", "export PGPASSWORD={S} PGHOST=10.0.0.120"),
    ("flag-a.sh", "redis-cli -a {S} -h 10.0.0.124 PING"),
    ("flag-pass.sh", "redis-cli --pass {S} -h 10.0.0.124 PING"),
    (
        "flag-long.sh",
        "pg_isready --host=10.0.0.121 --password={S}",
    ),
    ("mysql.sh", "mysql -p{S} -h 10.0.0.120 app"),
    // vault write arguments, on one line
    (
        "vault.sh",
        "vault write database/config/app plugin_name=postgresql-database-plugin connection_url=\"postgresql://{{username}}:{{password}}@10.0.0.121:5432/app\" username=\"vault_admin\" password=\"{S}\"",
    ),
    // Vault token shapes
    ("token.sh", "VAULT_TOKEN=hvs.{S24} psql -h 10.0.0.120"),
    (
        "legacy-token.sh",
        "curl -H \"X-Vault-Token: s.{S24}\" http://10.0.0.120/v1/x",
    ),
    // YAML and JSON keys, TOML, INI, HCL
    ("flow.yaml", "db: {host: 10.0.0.121, password: {S}}"),
    (
        "quoted.yaml",
        "redis: {host: 10.0.0.124, password: \"{S}\"}",
    ),
    (
        "app.json",
        "{\"host\": \"10.0.0.120\", \"password\": \"{S}\"}",
    ),
    (
        "app.toml",
        "db = { host = \"10.0.0.120\", password = \"{S}\" }",
    ),
    (
        "app.tf",
        "db = { host = \"10.0.0.120\", password = \"{S}\" }",
    ),
    ("app.ini", "host=10.0.0.120;password={S};port=5432"),
    // keyword arguments
    (
        "app.rb",
        "redis = Redis.new(host: \"10.0.0.124\", password: \"{S}\")",
    ),
    (
        "app.py",
        "conn = psycopg2.connect(host=\"10.0.0.120\", password=\"{S}\")",
    ),
    // libpq and ADO.NET strings, StackExchange.Redis
    (
        "app.config",
        "<add name=\"db\" connectionString=\"Host=10.0.0.120;Port=5432;Password={S};Database=a\" />",
    ),
    (
        "cache.config",
        "redis: 10.0.0.124:6379,password={S},abortConnect=false",
    ),
    // .pgpass-format lines anywhere
    ("pgpass.conf", "10.0.0.120:5432:app:app:{S}"),
    // embedded shell
    (
        "Dockerfile",
        "RUN PGPASSWORD={S} psql -h 10.0.0.120 -c 'select 1'",
    ),
    (
        "compose.yaml",
        "command: redis-cli -a {S} -h 10.0.0.124 PING",
    ),
    (
        "array.yaml",
        "command: [\"redis-cli\", \"-a\", \"{S}\", \"-h\", \"10.0.0.124\"]",
    ),
];

struct Random(u64);

impl Random {
    fn below(&mut self, bound: usize) -> usize {
        // xorshift64: deterministic, no dependency
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % bound as u64).unwrap_or_default()
    }

    /// A secret of `length` characters, starting with a letter.
    fn secret(&mut self, length: usize) -> String {
        let mut secret = String::with_capacity(length);
        secret.push(char::from(b'A' + u8::try_from(self.below(26)).unwrap_or(0)));
        while secret.len() < length {
            let pool = if length == 24 { 62 } else { ALPHABET.len() };
            secret.push(char::from(ALPHABET[self.below(pool)]));
        }
        secret
    }
}

/// What one case planted: every secret, and every line as it must print.
struct Planted {
    repo: Repo,
    secrets: Vec<String>,
    masked_lines: Vec<String>,
}

fn plant(random: &mut Random) -> Planted {
    let mut files: Vec<(String, String)> = Vec::new();
    let mut secrets = Vec::new();
    let mut masked_lines = Vec::new();
    for (file, template) in PLANTS {
        let secret = if template.contains("{S24}") {
            random.secret(24)
        } else {
            let length = 8 + random.below(13);
            random.secret(length)
        };
        let line = template.replace("{S24}", &secret).replace("{S}", &secret);
        // A token is masked whole, its prefix included.
        let (masked, value) = match ["hvs.{S24}", "s.{S24}"]
            .into_iter()
            .find(|token| template.contains(token))
        {
            Some(token) => (
                template.replace(token, "***"),
                token.replace("{S24}", &secret),
            ),
            None => (template.replace("{S}", "***"), secret.clone()),
        };
        // The value again, on a line of its own that names a node: a value
        // masked once is masked everywhere in its file.
        let echoed = format!("echo {value} | psql -h 10.0.0.122");
        masked_lines.push(masked);
        masked_lines.push("echo *** | psql -h 10.0.0.122".to_string());
        files.push((file.to_string(), format!("{line}\n{echoed}\n")));
        secrets.push(secret);
    }
    // An inline suppression whose reason repeats a secret: --show-suppressed
    // prints the reason.
    let secret = random.secret(12);
    files.push((
        "suppressed.sh".into(),
        format!(
            "PGPASSWORD={secret} psql -h 10.0.0.121 # topolint: allow(node-address) rotated from {secret}\n"
        ),
    ));
    secrets.push(secret);
    // A Dockerfile's `ENV NAME VALUE` (no `=`) names a secret key too; its
    // value is masked where a command repeats it.
    let secret = random.secret(12);
    files.push((
        "Dockerfile.api".into(),
        format!("ENV PGPASSWORD \"{secret}\"\nRUN echo {secret} | psql -h 10.0.0.121\n"),
    ));
    masked_lines.push("RUN echo *** | psql -h 10.0.0.121".to_string());
    secrets.push(secret);
    // A Secret's data: the base64 value may hide a password.
    let secret = random.secret(12);
    let url = format!("postgresql://app:{secret}@10.0.0.121:5432/app");
    let encoded = base64::engine::general_purpose::STANDARD.encode(&url);
    files.push((
        "secret.yaml".into(),
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  DATABASE_URL: {encoded}\n"
        ),
    ));
    secrets.push(secret);
    secrets.push(encoded);
    // Beside it on one line, a data value that hides no address: masked too,
    // though no finding is on it.
    let token = random.secret(12);
    let encoded_token = base64::engine::general_purpose::STANDARD.encode(&token);
    let pghost = base64::engine::general_purpose::STANDARD.encode("10.0.0.121");
    files.push((
        "secret-flow.yaml".into(),
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata: {{name: db}}\ndata: {{REGION: {encoded_token}, PGHOST: {pghost}}}\n"
        ),
    ));
    masked_lines.push("data: {REGION: ***, PGHOST: ***}".to_string());
    secrets.push(encoded_token);
    // A file that does not parse: its note's snippet is masked too.
    let secret = random.secret(12);
    files.push((
        "broken.yaml".into(),
        format!("db:\n  password: \"{secret}\n  host: 10.0.0.120\n  x: [\n"),
    ));
    masked_lines.push("  password: \"***".to_string());
    secrets.push(secret);
    let pairs: Vec<(&str, &str)> = files
        .iter()
        .map(|(file, text)| (file.as_str(), text.as_str()))
        .collect();
    Planted {
        repo: Repo::new(&pairs),
        secrets,
        masked_lines,
    }
}

#[test]
fn no_planted_secret_appears_in_any_output_and_masks_keep_delimiters() {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    for case in 0..12 {
        let planted = plant(&mut random);
        let repo = &planted.repo;
        let mut outputs = Vec::new();
        for format in ["human", "json", "sarif", "github"] {
            for extra in [&[][..], &["--show-suppressed"][..]] {
                let mut args = vec!["check", ".", "--format", format, "--color", "never"];
                args.extend_from_slice(extra);
                let output = repo.topolint(&args).output().expect("run topolint");
                assert_eq!(output.status.code(), Some(1), "case {case} {args:?}");
                outputs.push((
                    format!("{format} {extra:?}"),
                    String::from_utf8_lossy(&output.stdout).into_owned()
                        + &String::from_utf8_lossy(&output.stderr),
                ));
            }
        }
        let log = repo.path().join("guard.log");
        let log_arg = log.to_string_lossy().into_owned();
        repo.topolint(&["check", ".", "--quiet", "--log", &log_arg])
            .output()
            .expect("run topolint");
        outputs.push((
            "--log".into(),
            std::fs::read_to_string(&log).expect("the log is written"),
        ));
        for (name, output) in &outputs {
            for secret in &planted.secrets {
                assert!(
                    !output.contains(secret.as_str()),
                    "case {case}: {name} prints the secret {secret}:\n{output}"
                );
            }
        }
        let human = &outputs[1].1; // human, with --show-suppressed
        for line in &planted.masked_lines {
            assert!(
                human.contains(&format!("│ {line}\n")),
                "case {case}: the masked line\n  {line}\nis not printed as such:\n{human}"
            );
        }
    }
}
