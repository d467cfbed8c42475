//! Bad input never panics: arbitrary bytes behind each format's magic, and
//! real Go binaries (ELF, PE, Mach-O) with bytes overwritten.

use gomedic_go::buildinfo::{ReaderGeneration, executable_kind, parse_with};
use gomedic_testkit::{toolchain, toolchain_for};
use proptest::prelude::*;

const PREFIXES: [&[u8]; 6] = [
    b"\x7fELF\x02\x01\x01",
    b"\x7fELF\x01\x02\x01",
    b"MZ",
    b"\xcf\xfa\xed\xfe",
    b"\xfe\xed\xfa\xce",
    b"\xca\xfe\xba\xbe",
];

fn both(data: &[u8]) {
    for generation in [ReaderGeneration::Window64K, ReaderGeneration::Chunked] {
        let _ = parse_with(data, generation);
    }
    let _ = executable_kind(data);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn arbitrary_bytes_never_panic(prefix in 0..PREFIXES.len(), body in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let mut data = PREFIXES[prefix].to_vec();
        data.extend(body);
        both(&data);
    }
}

fn real_binaries() -> Vec<Vec<u8>> {
    [
        toolchain("1.27.3").go,
        toolchain_for("1.27.3", "-win_amd64").go,
        toolchain_for("1.27.3", "-macosx_11_0_arm64").go,
    ]
    .iter()
    .map(|p| std::fs::read(p).unwrap())
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn mutated_real_binaries_never_panic(
        which in 0..3usize,
        edits in proptest::collection::vec((0..70_000usize, any::<u8>()), 1..16),
        cut in proptest::option::of(0..100usize),
    ) {
        thread_local!(static BINARIES: Vec<Vec<u8>> = real_binaries());
        BINARIES.with(|binaries| {
            let mut data = binaries[which].clone();
            for (at, value) in &edits {
                let at = at % data.len();
                data[at] = *value;
            }
            if let Some(percent) = cut {
                data.truncate(data.len() * percent / 100);
            }
            both(&data);
        });
    }
}
