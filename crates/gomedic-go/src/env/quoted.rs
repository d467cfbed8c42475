//! `cmd/internal/quoted`: splitting and joining argument lists such as CC,
//! CGO_CFLAGS and GOGCCFLAGS.

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// `quoted.Split`: words separated by spaces; a word that *starts* with `'`
/// or `"` runs to the next same quote.
pub fn split(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut rest = s;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
        let Some(first) = rest.bytes().next() else {
            break;
        };
        if first == b'"' || first == b'\'' {
            let Some(end) = rest[1..].find(first as char) else {
                return Err(format!("unterminated {} string", first as char));
            };
            words.push(rest[1..end + 1].to_string());
            rest = &rest[end + 2..];
            continue;
        }
        let end = rest.bytes().position(is_space).unwrap_or(rest.len());
        words.push(rest[..end].to_string());
        rest = &rest[end..];
    }
    Ok(words)
}

/// `quoted.Join`: quotes a word holding spaces or quotes; a word with both
/// kinds of quote cannot be joined.
pub fn join(words: &[String]) -> Result<String, String> {
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let space = word.bytes().any(is_space);
        let single = word.contains('\'');
        let double = word.contains('"');
        if !space && !single && !double {
            out.push_str(word);
        } else if !single {
            out.push('\'');
            out.push_str(word);
            out.push('\'');
        } else if !double {
            out.push('"');
            out.push_str(word);
            out.push('"');
        } else {
            return Err(format!(
                "argument {word:?} contains both single and double quotes and cannot be quoted"
            ));
        }
    }
    Ok(out)
}

/// `join` as `go env` uses it: on failure the words are joined by spaces.
pub fn join_or_spaces(words: &[String]) -> String {
    join(words).unwrap_or_else(|_| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_and_join_like_go() {
        assert_eq!(split("  -O2   -g ").unwrap(), vec!["-O2", "-g"]);
        assert_eq!(split("'a b' \"c\"d").unwrap(), vec!["a b", "c", "d"]);
        assert_eq!(split("x'y z'").unwrap(), vec!["x'y", "z'"]);
        assert!(split("'open").is_err());
        assert_eq!(
            join(&["-I".into(), "a b".into(), "it's".into()]).unwrap(),
            "-I 'a b' \"it's\""
        );
        assert!(join(&["'\"".into()]).is_err());
    }
}
