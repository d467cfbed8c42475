//! The go.mod/go.work parsers never panic and stay bounded on hostile input.

use gomedic_go::modfile::{self, Mode, ParseOptions};
use proptest::prelude::*;

fn parse_everything(data: &[u8]) {
    for mode in [Mode::Strict, Mode::Lax] {
        for release in ["1.21.13", "1.22.10", "1.27.3"] {
            if let Ok(file) =
                modfile::parse_with("go.mod", data, ParseOptions::for_release(release, mode))
            {
                let dialect = modfile::Dialect::for_release(release);
                let _ = modfile::go_json_text(&modfile::mod_edit_json(&file, dialect));
            }
        }
    }
    if let Ok(work) = modfile::parse_work("go.work", data) {
        let _ = modfile::work_edit_json(&work, modfile::Dialect::LATEST);
    }
    let _ = modfile::module_path(data);
}

const SEED: &[u8] = include_bytes!("../../../testdata/vectors/gomod/cases/all_directives.mod");

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        parse_everything(&data);
    }

    #[test]
    fn mutated_real_file_never_panics(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..16)
    ) {
        let mut data = SEED.to_vec();
        for (index, byte, op) in edits {
            let at = index.index(data.len() + 1);
            match op {
                0 if at < data.len() => data[at] = byte,
                1 => data.insert(at, byte),
                _ if at < data.len() => { data.remove(at); }
                _ => data.push(byte),
            }
        }
        parse_everything(&data);
    }

    #[test]
    fn token_soup_never_panics(parts in proptest::collection::vec(prop::sample::select(vec![
        "module", "go", "require", "replace", "retract", "(", ")", "[", "]", ",", "=>", "\n", " ",
        "\"", "`", "//", "/*", "v1.2.3", "1.21", "example.com/x/v2", "./d", "// indirect", "\t", "\r\n",
    ]), 0..64)) {
        parse_everything(parts.concat().as_bytes());
    }
}

#[test]
fn one_megabyte_line_is_linear() {
    let mut data = b"module example.com/m\nrequire example.com/".to_vec();
    data.extend(std::iter::repeat_n(b'a', 1 << 20));
    data.extend(b" v1.0.0 // indirect\n");
    let start = std::time::Instant::now();
    let file = modfile::parse("go.mod", &data).expect("parses");
    assert_eq!(file.require[0].path.len(), "example.com/".len() + (1 << 20));
    let mut comment_line = b"// ".to_vec();
    comment_line.extend(std::iter::repeat_n(b'x', 1 << 20));
    assert!(modfile::parse("go.mod", &comment_line).is_ok());
    let mut spaces = vec![b' '; 1 << 20];
    spaces.extend(b"bad\x01");
    assert!(modfile::parse("go.mod", &spaces).is_err());
    assert!(
        start.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
}
