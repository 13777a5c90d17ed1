//! Inventory tables (`servers.tsv`): tab separated, a header row naming
//! HOSTNAME, IP_PRIVATE, ROLE and SUBROLE (any case, any order, extra columns
//! ignored). `ROLE=db SUBROLE=postgres` rows are postgres nodes, `ROLE=redis`
//! rows redis nodes; other rows (`ROLE=lb`) are not service nodes, but
//! `init` reads them too.

use std::net::Ipv4Addr;

/// One inventory row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryRow {
    pub hostname: String,
    pub address: Ipv4Addr,
    /// The service of a service node; `None` for other rows.
    pub service: Option<&'static str>,
    /// ROLE and SUBROLE, lowercase.
    pub role: String,
    pub subrole: String,
    /// 1-based line in the table.
    pub line: usize,
}

/// The service nodes of a table.
pub fn nodes(text: &str) -> Result<Vec<InventoryRow>, InventoryError> {
    let mut rows = parse(text)?;
    rows.retain(|row| row.service.is_some());
    Ok(rows)
}

/// An inventory row that cannot be read: its line and why.
pub type InventoryError = (usize, String);

/// Every row of a table with a hostname and an address.
pub fn parse(text: &str) -> Result<Vec<InventoryRow>, InventoryError> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let Some((header_index, header)) = lines.next() else {
        return Err((
            1,
            "empty inventory: expected a header row with HOSTNAME, IP_PRIVATE, ROLE, SUBROLE"
                .to_string(),
        ));
    };
    let columns: Vec<String> = header
        .split('\t')
        .map(|c| c.trim().to_ascii_uppercase())
        .collect();
    let column = |name: &str| {
        columns.iter().position(|c| c == name).ok_or_else(|| {
            (
                header_index + 1,
                format!(
                    "the header has no {name} column (columns: {})",
                    columns.join(", ")
                ),
            )
        })
    };
    let (hostname, address, role, subrole) = (
        column("HOSTNAME")?,
        column("IP_PRIVATE")?,
        column("ROLE")?,
        column("SUBROLE")?,
    );
    let mut nodes = Vec::new();
    for (index, line) in lines {
        let number = index + 1;
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        let cell = |at: usize| cells.get(at).copied().unwrap_or("");
        if cells.len() < columns.len() {
            return Err((
                number,
                format!("{} columns, the header has {}", cells.len(), columns.len()),
            ));
        }
        let (role, subrole) = (
            cell(role).to_ascii_lowercase(),
            cell(subrole).to_ascii_lowercase(),
        );
        let service = match (role.as_str(), subrole.as_str()) {
            ("db", "postgres" | "postgresql") => Some("postgres"),
            ("redis", _) => Some("redis"),
            _ => None,
        };
        if cell(hostname).is_empty() && cell(address).is_empty() {
            continue;
        }
        if cell(hostname).is_empty() {
            return Err((number, "empty HOSTNAME".to_string()));
        }
        let parsed = cell(address).parse().map_err(|_| {
            (
                number,
                format!("IP_PRIVATE {:?} is not an IPv4 address", cell(address)),
            )
        })?;
        nodes.push(InventoryRow {
            hostname: cell(hostname).to_string(),
            address: parsed,
            service,
            role,
            subrole,
            line: number,
        });
    }
    Ok(nodes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_service_nodes_and_skips_other_roles() {
        let table = "hostname\tip_private\tROLE\tSubRole\tNOTES\ndb-postgres-01\t10.0.0.120\tdb\tpostgres\tleader\nredis-01\t10.0.0.123\tredis\t\t\nhaproxy-01\t10.0.0.11\tlb\thaproxy\t\n";
        let nodes = nodes(table).expect("valid");
        assert_eq!(nodes.len(), 2);
        assert_eq!(
            (nodes[0].hostname.as_str(), nodes[0].service, nodes[0].line),
            ("db-postgres-01", Some("postgres"), 2)
        );
        assert_eq!(nodes[1].service, Some("redis"));
        let rows = parse(table).expect("valid");
        assert_eq!(
            (rows[2].role.as_str(), rows[2].subrole.as_str()),
            ("lb", "haproxy")
        );
    }

    #[test]
    fn bad_rows_name_their_line() {
        assert_eq!(
            parse("HOSTNAME\tIP_PRIVATE\tROLE\tSUBROLE\ndb1\t10.0.0.300\tdb\tpostgres\n")
                .map_err(|e| e.0),
            Err(2)
        );
        assert_eq!(
            parse("HOSTNAME\tIP_PRIVATE\tROLE\tSUBROLE\n\ndb1\t10.0.0.1\n").map_err(|e| e.0),
            Err(3)
        );
        assert!(parse("HOST\tIP\n").is_err_and(|e| e.1.contains("HOSTNAME")));
    }
}
