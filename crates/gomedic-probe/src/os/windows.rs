//! Windows facts from the registry (read-only): Defender real-time
//! protection and path exclusions, LongPathsEnabled, OneDrive account roots,
//! the Go variables of the user and machine environment.
//! A value that cannot be read becomes "could not read: why".

use super::reg_env::{self, RawValue};
use gomedic_model::os_facts::{CloudRoot, RegistryEnvValue, SourcedValue, WindowsOsFacts};
use windows_registry::{CURRENT_USER, Key, LOCAL_MACHINE, Type};

const DEFENDER: &str = r"SOFTWARE\Microsoft\Windows Defender";
const DEFENDER_RTP: &str = r"SOFTWARE\Microsoft\Windows Defender\Real-Time Protection";
const DEFENDER_RTP_POLICY: &str =
    r"SOFTWARE\Policies\Microsoft\Windows Defender\Real-Time Protection";
const DEFENDER_EXCLUSIONS: &str = r"SOFTWARE\Microsoft\Windows Defender\Exclusions\Paths";
const FILE_SYSTEM: &str = r"SYSTEM\CurrentControlSet\Control\FileSystem";
const ONEDRIVE_ACCOUNTS: &str = r"Software\Microsoft\OneDrive\Accounts";

/// `HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)`: the key or value does not exist.
const NOT_FOUND: u32 = 0x8007_0002;

/// Gathers the Defender and file-system facts.
pub fn probe_windows() -> WindowsOsFacts {
    let (exclusion_paths, exclusions_error) = match value_names(LOCAL_MACHINE, DEFENDER_EXCLUSIONS)
    {
        Ok(names) => (Some(names.unwrap_or_default()), None),
        Err(why) => (None, Some(why)),
    };
    let (registry_env, registry_env_errors) = registry_environment();
    WindowsOsFacts {
        defender_present: key_present(LOCAL_MACHINE, DEFENDER),
        realtime_disabled: dword(
            LOCAL_MACHINE,
            "HKLM",
            DEFENDER_RTP,
            "DisableRealtimeMonitoring",
        ),
        realtime_disabled_policy: dword(
            LOCAL_MACHINE,
            "HKLM",
            DEFENDER_RTP_POLICY,
            "DisableRealtimeMonitoring",
        ),
        exclusion_paths,
        exclusions_source: format!(r"HKLM\{DEFENDER_EXCLUSIONS}"),
        exclusions_error,
        long_paths_enabled: dword(LOCAL_MACHINE, "HKLM", FILE_SYSTEM, "LongPathsEnabled"),
        longest_modcache_path: None,
        registry_env,
        registry_env_errors,
        security: None,
    }
}

/// The string values (`REG_SZ`, `REG_EXPAND_SZ`) of an environment key.
fn env_strings(hive: &Key, key: &str) -> Result<Vec<RawValue>, String> {
    let opened = match hive.open(key) {
        Ok(k) => k,
        Err(e) if is_not_found(&e) => return Ok(Vec::new()),
        Err(e) => return Err(describe(&e)),
    };
    let values = opened.values().map_err(|e| describe(&e))?;
    Ok(values
        .filter_map(|(name, value)| {
            let expandable = value.ty() == Type::ExpandString;
            let text = String::try_from(value).ok()?;
            Some((name, text, expandable))
        })
        .collect())
}

/// The Go variables of the user and machine environment, and the keys that
/// could not be read ("could not read: why").
fn registry_environment() -> (Vec<RegistryEnvValue>, Vec<SourcedValue>) {
    let mut errors = Vec::new();
    let mut read = |hive: &Key, hive_name: &str, key: &str| match env_strings(hive, key) {
        Ok(values) => values,
        Err(why) => {
            errors.push(SourcedValue {
                source: format!(r"{hive_name}\{key}"),
                value: None,
                error: Some(format!("could not read: {why}")),
            });
            Vec::new()
        }
    };
    let user = read(CURRENT_USER, "HKCU", reg_env::USER_ENV);
    let machine = read(LOCAL_MACHINE, "HKLM", reg_env::MACHINE_ENV);
    let process = |name: &str| std::env::var(name).ok();
    (reg_env::go_values(&user, &machine, &process), errors)
}

/// OneDrive roots of every signed-in account: `UserFolder` under
/// `HKCU\Software\Microsoft\OneDrive\Accounts\<Personal|Business1|...>`.
pub fn cloud_roots() -> Vec<CloudRoot> {
    let Ok(accounts) = CURRENT_USER.open(ONEDRIVE_ACCOUNTS) else {
        return Vec::new();
    };
    let Ok(names) = accounts.keys() else {
        return Vec::new();
    };
    names
        .filter_map(|name| {
            let folder = accounts.open(&name).ok()?.get_string("UserFolder").ok()?;
            let provider = if name.starts_with("Business") {
                "OneDrive for Business"
            } else {
                "OneDrive"
            };
            Some(CloudRoot {
                provider: provider.to_string(),
                path: folder,
                source: format!(r"HKCU\{ONEDRIVE_ACCOUNTS}\{name}\UserFolder"),
            })
        })
        .filter(|r| !r.path.is_empty())
        .collect()
}

fn is_not_found(e: &windows_result::Error) -> bool {
    e.code().0 as u32 == NOT_FOUND
}

fn describe(e: &windows_result::Error) -> String {
    let code = e.code().0 as u32;
    match code {
        0x8007_0005 => "access denied (reading it needs an elevated prompt)".to_string(),
        _ => format!("{} (0x{code:08X})", e.message().trim()),
    }
}

/// Whether a key exists (a key that exists but may not be opened counts).
fn key_present(hive: &Key, key: &str) -> bool {
    match hive.open(key) {
        Ok(_) => true,
        Err(e) => !is_not_found(&e),
    }
}

/// A DWORD value, as text.
fn dword(hive: &Key, hive_name: &str, key: &str, name: &str) -> SourcedValue {
    let mut fact = SourcedValue {
        source: format!(r"{hive_name}\{key}\{name}"),
        ..SourcedValue::default()
    };
    match hive.open(key).and_then(|k| k.get_u32(name)) {
        Ok(v) => fact.value = Some(v.to_string()),
        Err(e) if is_not_found(&e) => {}
        Err(e) => fact.error = Some(describe(&e)),
    }
    fact
}

/// The value names of a key (`Ok(None)` when the key does not exist).
fn value_names(hive: &Key, key: &str) -> Result<Option<Vec<String>>, String> {
    let opened = match hive.open(key) {
        Ok(k) => k,
        Err(e) if is_not_found(&e) => return Ok(None),
        Err(e) => return Err(describe(&e)),
    };
    let values = opened.values().map_err(|e| describe(&e))?;
    Ok(Some(values.map(|(name, _)| name).collect()))
}
