//! Inventory tables (`servers.tsv`): tab separated, a header row naming
//! HOSTNAME, IP_PRIVATE, ROLE and SUBROLE (any case, any order, extra columns
//! ignored). `ROLE=db SUBROLE=postgres` rows are postgres nodes, `ROLE=redis`
//! rows redis nodes; other rows are not service nodes.

use std::net::Ipv4Addr;

/// One service node from an inventory row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryNode {
    pub hostname: String,
    pub address: Ipv4Addr,
    pub service: &'static str,
    /// 1-based line in the table.
    pub line: usize,
}

/// An inventory row that cannot be read: its line and why.
pub type InventoryError = (usize, String);

pub fn parse(text: &str) -> Result<Vec<InventoryNode>, InventoryError> {
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
        let service = match (
            cell(role).to_ascii_lowercase().as_str(),
            cell(subrole).to_ascii_lowercase().as_str(),
        ) {
            ("db", "postgres" | "postgresql") => "postgres",
            ("redis", _) => "redis",
            _ => continue,
        };
        if cell(hostname).is_empty() {
            return Err((number, "empty HOSTNAME".to_string()));
        }
        let parsed = cell(address).parse().map_err(|_| {
            (
                number,
                format!("IP_PRIVATE {:?} is not an IPv4 address", cell(address)),
            )
        })?;
        nodes.push(InventoryNode {
            hostname: cell(hostname).to_string(),
            address: parsed,
            service,
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
        let nodes = parse(table).expect("valid");
        assert_eq!(nodes.len(), 2);
        assert_eq!(
            (nodes[0].hostname.as_str(), nodes[0].service, nodes[0].line),
            ("db-postgres-01", "postgres", 2)
        );
        assert_eq!(nodes[1].service, "redis");
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
