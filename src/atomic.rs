//! Writing a file so that no reader ever sees half of it: a temporary file
//! in the same directory, renamed over the target.

use std::io::Write as _;
use std::path::Path;

/// Writes `bytes` to `path` atomically, with `permissions` when given.
pub fn write(
    path: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // What went wrong, without the name of a temporary file the user never
    // asked for.
    let mut file = tempfile::NamedTempFile::new_in(directory).map_err(|error| {
        error
            .raw_os_error()
            .map_or_else(|| error.kind().into(), std::io::Error::from_raw_os_error)
    })?;
    file.write_all(bytes)?;
    if let Some(permissions) = permissions {
        file.as_file().set_permissions(permissions)?;
    }
    file.persist(path).map_err(|error| error.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn a_failed_write_does_not_name_its_temporary_file() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let target = dir.path().join("missing").join("out.prom");
        let error = super::write(&target, b"x", None).expect_err("no such directory");
        assert_eq!(error.kind(), std::io::ErrorKind::NotFound);
        assert!(!error.to_string().contains(".tmp"), "{error}");
        assert!(!Path::new(&target).exists());
    }
}
