//! go.mod and go.work files, read exactly as the `go` command reads them
//! (`golang.org/x/mod/modfile` as vendored in each Go release), and their
//! `go mod edit -json` / `go work edit -json` views.
//!
//! - [`parse`] / [`parse_lax`] / [`parse_for_release`]: `modfile.Parse` / `ParseLax`
//!   with x/mod's exact error texts (`go.mod:3:2: …`, several joined by newlines).
//! - [`parse_work`] / [`parse_work_for_release`]: `modfile.ParseWork`.
//! - [`mod_edit_json`] / [`work_edit_json`]: the JSON the go command prints.
//!
//! Versions are checked as with a nil `VersionFixer` (what `go mod edit` uses):
//! require/exclude/replace versions must be canonical after shorthand
//! expansion; retracted versions are kept as written.

mod directive;
mod error;
mod gomod;
mod gostring;
mod gowork;
mod json;
mod lexer;
mod release;
mod rules;
mod syntax;

pub use directive::{ModuleVersion, Replace};
pub use error::{Error, ErrorList, Position};
pub use gomod::{
    Exclude, GoStmt, Godebug, Ignore, ModFile, Mode, ModuleStmt, ParseOptions, Require, Retract,
    Tool, ToolchainStmt, module_path, parse, parse_for_release, parse_lax, parse_with,
};
pub use gowork::{Use, WorkFile, parse_work, parse_work_for_release, parse_work_with};
pub use json::{go_json_text, mod_edit_json, work_edit_json};
pub use lexer::Comment;
pub use release::Dialect;
pub use rules::{is_directory_path, is_valid_go_version, is_valid_toolchain_name};
pub use syntax::{CommentBlock, Comments, FileSyntax, Line, LineBlock, Stmt, parse_syntax};
