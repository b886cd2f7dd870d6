//! Plain-text tables for the terminal, aligned by character count (names carry accents).

/// Renders `rows` under `headers`, columns separated by two spaces, the last column unpadded.
pub fn render(headers: &[&str], rows: &[Vec<String>]) -> String {
    let n = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(one_line(cell).chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        let mut text = String::new();
        for (i, cell) in cells.enumerate() {
            if i + 1 < n {
                text.push_str(&cell);
                text.extend(std::iter::repeat_n(' ', widths[i] - cell.chars().count() + 2));
            } else {
                text.push_str(&cell);
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut headers.iter().map(|h| h.to_string()));
    line(&mut widths.iter().map(|&w| "-".repeat(w)));
    for row in rows {
        line(&mut row.iter().map(|c| one_line(c)));
    }
    out
}

/// [`render`], with each row's note (when it has one) on a line of its own below the row, for
/// `--notes`: the reason behind a reading, where a table has no room for it.
pub fn render_noted(headers: &[&str], rows: &[Vec<String>], notes: &[Option<String>]) -> String {
    let table = render(headers, rows);
    let mut out = String::with_capacity(table.len());
    for (i, line) in table.lines().enumerate() {
        out.push_str(line);
        out.push('\n');
        if let Some(Some(note)) = i.checked_sub(2).and_then(|row| notes.get(row)) {
            out.push_str(&format!("    note: {}\n", one_line(note)));
        }
    }
    out
}

/// A cell on one line: line breaks, tabs and other control characters escaped (`\n`), as on
/// every line mesograph prints, so that a name never breaks a row and the row stays aligned.
fn one_line(s: &str) -> String {
    mesograph::error::printable(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_by_characters_and_keeps_rows_on_one_line() {
        let t = render(
            &["id", "name"],
            &[vec!["mds".into(), "Maison".into()], vec!["é".into(), "a\nb".into()]],
        );
        assert_eq!(t, "id   name\n---  ------\nmds  Maison\né    a\\nb\n");
    }

    #[test]
    fn notes_go_below_their_rows() {
        let rows = [vec!["a".into()], vec!["b".into()], vec!["c".into()]];
        let t = render_noted(&["id"], &rows, &[None, Some("why\nb".into()), Some("c's".into())]);
        assert_eq!(t, "id\n--\na\nb\n    note: why\\nb\nc\n    note: c's\n");
    }
}
