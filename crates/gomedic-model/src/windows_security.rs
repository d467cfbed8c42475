//! Windows security facts read through PowerShell: Microsoft Defender's
//! recent detections (`Get-MpThreatDetection`, `Get-MpThreat`) and the
//! antivirus products Windows Security Center knows (`AntiVirusProduct` in
//! `root/SecurityCenter2`). Part of [`crate::os_facts::WindowsOsFacts`].

use serde::{Deserialize, Serialize};

/// What one bounded PowerShell run told about detections and antivirus products.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowsSecurityFacts {
    /// The command that was run (the source of everything below).
    pub source: String,
    /// Defender detections of the last [`RECENT_DAYS`] days (newest first, at most a few dozen).
    #[serde(default)]
    pub detections: Vec<DefenderDetection>,
    /// Why the detections could not be read ("could not read: why").
    #[serde(default)]
    pub detections_error: Option<String>,
    /// The antivirus products registered with Windows Security Center.
    #[serde(default)]
    pub antivirus: Vec<AntivirusProduct>,
    /// Why the antivirus products could not be read.
    #[serde(default)]
    pub antivirus_error: Option<String>,
}

/// How far back detections count as recent.
pub const RECENT_DAYS: i64 = 30;

impl WindowsSecurityFacts {
    /// The products other than Microsoft Defender that are switched on.
    pub fn third_party_active(&self) -> impl Iterator<Item = &AntivirusProduct> {
        self.antivirus
            .iter()
            .filter(|p| !p.is_defender() && p.enabled == Some(true))
    }

    /// Defender's own Security Center entry, when it has one.
    pub fn defender_product(&self) -> Option<&AntivirusProduct> {
        self.antivirus.iter().find(|p| p.is_defender())
    }
}

/// One `MSFT_MpThreatDetection` (joined with the threat's name from `MSFT_MpThreat`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefenderDetection {
    /// `ThreatID`.
    pub threat_id: String,
    /// `ThreatName` of the `MSFT_MpThreat` with the same ThreatID, e.g. `Trojan:Win32/Wacatac.B!ml`.
    #[serde(default)]
    pub threat_name: Option<String>,
    /// The files of `Resources`, without their `file:_` / `containerfile:_` prefix.
    #[serde(default)]
    pub files: Vec<String>,
    /// `InitialDetectionTime` as RFC 3339 UTC (`2026-11-20T09:14:03Z`).
    #[serde(default)]
    pub time: Option<String>,
    /// `InitialDetectionTime` in seconds since the Unix epoch.
    #[serde(default)]
    pub epoch_secs: Option<i64>,
    /// `ThreatStatusID` in words (`quarantined`, `removed`, `allowed`, ...).
    #[serde(default)]
    pub status: Option<String>,
    /// `ActionSuccess`: whether Defender's action on it succeeded.
    #[serde(default)]
    pub action_success: Option<bool>,
    /// `ProcessName`: the program that wrote or started the file.
    #[serde(default)]
    pub process: Option<String>,
}

/// One `AntiVirusProduct` of Windows Security Center.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AntivirusProduct {
    /// `displayName`, e.g. `Windows Defender`, `Avast Antivirus`.
    pub name: String,
    /// `productState` as recorded.
    #[serde(default)]
    pub state: Option<u32>,
    /// Real-time protection on, decoded from `productState`.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// `pathToSignedProductExe`.
    #[serde(default)]
    pub exe: Option<String>,
}

impl AntivirusProduct {
    /// Microsoft Defender Antivirus (named `Windows Defender` in Security Center).
    pub fn is_defender(&self) -> bool {
        let name = self.name.to_ascii_lowercase();
        name.contains("windows defender")
            || name.contains("microsoft defender")
            || self
                .exe
                .as_deref()
                .is_some_and(|e| e.to_ascii_lowercase().starts_with("windowsdefender:"))
    }
}
