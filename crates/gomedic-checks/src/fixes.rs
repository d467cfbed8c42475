//! Fixes written for the snapshot's platform: POSIX shells on Linux and
//! macOS, PowerShell on Windows.

use crate::context::{Ctx, Platform};
use gomedic_go::env::EnvSource;
use gomedic_model::Fix;
use gomedic_model::provenance::AssignKind;

/// The shell start-up files a variable is usually exported from.
pub fn startup_files(platform: Platform) -> &'static str {
    match platform {
        Platform::Linux => {
            "~/.profile, ~/.bashrc, ~/.bash_profile or ~/.zshrc (and /etc/environment, /etc/profile.d/)"
        }
        Platform::MacOs => {
            "~/.zshrc, ~/.zprofile or ~/.bash_profile (and /etc/paths.d/, launchctl setenv)"
        }
        Platform::Windows => {
            "the user or system environment (System Properties > Environment Variables) or a PowerShell $PROFILE"
        }
    }
}

/// Quotes a value for the platform's shell.
pub fn shell_quote(platform: Platform, value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./,:=+@%".contains(c));
    match platform {
        _ if plain => value.to_string(),
        Platform::Windows => format!("'{}'", value.replace('\'', "''")),
        _ => format!("'{}'", value.replace('\'', "'\\''")),
    }
}

/// `go env -w KEY=VALUE`, quoted for the platform.
pub fn go_env_w(platform: Platform, key: &str, value: &str) -> String {
    format!(
        "go env -w {}",
        shell_quote(platform, &format!("{key}={value}"))
    )
}

/// Stops exporting an OS environment variable.
pub fn unset_os_var(ctx: &Ctx, key: &str) -> Fix {
    match ctx.platform {
        Platform::Windows => Fix::new(format!(
            "Remove `{key}` from the Windows environment (user and system scope), then open a new terminal and restart editors."
        ))
        .with_command(format!("Remove-Item Env:{key}"))
        .with_command(format!("[Environment]::SetEnvironmentVariable('{key}', $null, 'User')"))
        .with_command(format!(
            "[Environment]::SetEnvironmentVariable('{key}', $null, 'Machine')  # in an elevated PowerShell, if set system-wide"
        )),
        platform => match crate::provenance::origin(ctx, key) {
            Some(a) => {
                let others: Vec<String> = ctx
                    .snap
                    .startup
                    .assignments_of(key)
                    .filter(|o| o.location() != a.location() && o.kind != AssignKind::Unset)
                    .map(|o| o.location())
                    .collect();
                let also = if others.is_empty() {
                    String::new()
                } else {
                    format!(" (it is also set at {})", others.join(", "))
                };
                Fix::new(format!(
                    "Stop exporting `{key}`: delete line {} of `{}`, which sets it{also}, then open a new terminal.",
                    a.line, a.file
                ))
                .with_command(format!("unset {key}"))
            }
            None => Fix::new(format!(
                "Stop exporting `{key}`: delete the line that sets it in {}, then open a new terminal.",
                startup_files(platform)
            ))
            .with_command(format!("unset {key}")),
        },
    }
}

/// Sets an OS environment variable persistently.
pub fn set_os_var(ctx: &Ctx, key: &str, value: &str, why: &str) -> Fix {
    match ctx.platform {
        Platform::Windows => Fix::new(format!("Set `{key}` for your user: {why}"))
            .with_command(format!("setx {key} \"{value}\""))
            .with_command(format!(
                "$env:{key} = {}",
                shell_quote(Platform::Windows, value)
            )),
        platform => Fix::new(format!("Set `{key}` in {}: {why}", startup_files(platform)))
            .with_command(format!("export {key}={}", shell_quote(platform, value))),
    }
}

/// Removes a user setting wherever it comes from (OS environment or `go env -w`).
pub fn remove_user_setting(ctx: &Ctx, key: &str) -> Fix {
    match ctx.var(key).map(|v| &v.source) {
        Some(EnvSource::UserFile { path, .. }) => Fix::new(format!(
            "Remove `{key}` from the go env file `{path}` (written by an earlier `go env -w`)."
        ))
        .with_command(format!("go env -u {key}")),
        _ => unset_os_var(ctx, key),
    }
}

/// Puts a setting in the right place: `go env -w` unless the OS environment
/// already defines it (then the OS value must change, or `go env -w` is shadowed).
pub fn set_go_setting(ctx: &Ctx, key: &str, value: &str) -> Fix {
    if ctx.os_env(key).is_some_and(|v| !v.is_empty()) {
        let mut fix = unset_os_var(ctx, key);
        fix.description = format!(
            "`{key}` is set in the OS environment, which wins over `go env -w`: {}",
            fix.description
        );
        fix.commands.push(go_env_w(ctx.platform, key, value));
        return fix;
    }
    Fix::new(format!(
        "Set `{key}` to `{value}` for your user with `go env -w`."
    ))
    .with_command(go_env_w(ctx.platform, key, value))
}

/// Appends a directory to PATH persistently.
pub fn add_to_path(ctx: &Ctx, dir: &str) -> Fix {
    match ctx.platform {
        Platform::Windows => Fix::new(format!(
            "Add `{dir}` to your user Path, then open a new terminal and restart editors."
        ))
        .with_command(format!(
            "[Environment]::SetEnvironmentVariable('Path', [Environment]::GetEnvironmentVariable('Path', 'User') + ';{dir}', 'User')"
        ))
        .with_command(format!("$env:Path += ';{dir}'")),
        platform => Fix::new(format!(
            "Add `{dir}` to PATH in {}, then open a new terminal.",
            startup_files(platform)
        ))
        .with_command(format!("export PATH=\"$PATH:{dir}\"")),
    }
}
