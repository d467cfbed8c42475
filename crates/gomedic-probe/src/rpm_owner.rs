//! Which RPM package owns a file (Fedora, RHEL, CentOS, openSUSE: `golang`
//! puts GOROOT in /usr/lib/golang and `golang-bin` owns its bin/go), asked of
//! the `rpm` program with a bounded `rpm -qf`. gomedic does not read the RPM
//! database itself: it is SQLite, Berkeley DB or NDB depending on the
//! distribution and release, and only rpm reads all of them.

use crate::run::run_bounded;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the rpm program is looked for (never PATH: a `rpm` earlier on PATH
/// could be anything).
const RPM_PROGRAMS: [&str; 2] = ["/usr/bin/rpm", "/bin/rpm"];
/// One `rpm -qf` may take this long.
const QUERY_TIMEOUT: Duration = Duration::from_secs(4);
/// The package as Fedora names an installed package: name-version-release.arch.
const QUERY_FORMAT: &str = "%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\\n";

/// How to ask rpm.
#[derive(Debug, Clone)]
pub struct RpmQuery {
    pub program: PathBuf,
    /// `--dbpath`, when not rpm's own default (tests use a database of their own).
    pub dbpath: Option<PathBuf>,
}

impl RpmQuery {
    /// The system's rpm, when installed.
    pub fn system(dbpath: Option<PathBuf>) -> Option<RpmQuery> {
        RPM_PROGRAMS
            .iter()
            .map(PathBuf::from)
            .find(|p| p.is_file())
            .map(|program| RpmQuery { program, dbpath })
    }

    /// The package owning `path` (the path itself, not what a link at it
    /// points to: rpm records links as links). `Ok(None)` when rpm says no
    /// package owns it.
    pub fn owner(&self, path: &Path) -> Result<Option<String>, String> {
        let path_text = path.to_string_lossy();
        let db = self
            .dbpath
            .as_ref()
            .map(|d| d.to_string_lossy().into_owned());
        let mut args: Vec<&str> = Vec::new();
        if let Some(db) = &db {
            args.extend(["--dbpath", db.as_str()]);
        }
        args.extend(["-qf", "--queryformat", QUERY_FORMAT, &path_text]);
        let run = run_bounded(&self.program, &args, &[("LC_ALL", "C")], QUERY_TIMEOUT);
        if run.timed_out {
            return Err(format!("`{}` ran past its time bound", run.command));
        }
        if let Some(e) = run.spawn_error {
            return Err(format!("cannot run {}: {e}", self.program.display()));
        }
        parse_query_output(&run.stdout, &run.stderr)
    }
}

/// The answer of `rpm -qf --queryformat '<NVRA>\n' PATH` for one path: its
/// first package (a file several packages share names each on its own line),
/// none when rpm says "file PATH is not owned by any package" (stdout, exit
/// status 1), an error for anything else rpm wrote to stderr.
pub fn parse_query_output(stdout: &str, stderr: &str) -> Result<Option<String>, String> {
    let mut not_owned = false;
    for line in stdout.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with("file ") && line.ends_with("is not owned by any package") {
            not_owned = true;
            continue;
        }
        if line.contains(char::is_whitespace) {
            // Not a name-version-release.arch: some other message.
            continue;
        }
        return Ok(Some(line.to_string()));
    }
    if not_owned {
        return Ok(None);
    }
    let problem = stderr
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("rpm printed nothing");
    Err(problem.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Output recorded from rpm 4.18.0 (Debian's rpm package) with
    // `--queryformat '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\n'`.
    #[test]
    fn recorded_rpm_answers() {
        assert_eq!(
            parse_query_output("golang-bin-1.22.10-1.fc40.noarch\n", ""),
            Ok(Some("golang-bin-1.22.10-1.fc40.noarch".to_string()))
        );
        assert_eq!(
            parse_query_output("file /etc/passwd is not owned by any package\n", ""),
            Ok(None)
        );
        assert_eq!(
            parse_query_output("", "error: file /usr/bin/go: No such file or directory\n"),
            Err("error: file /usr/bin/go: No such file or directory".to_string())
        );
        assert_eq!(
            parse_query_output("a-1-1.x86_64\nb-2-1.x86_64\n", ""),
            Ok(Some("a-1-1.x86_64".to_string()))
        );
        assert!(parse_query_output("", "").is_err());
    }
}
