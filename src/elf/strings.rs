//! ELF string tables (`.strtab`, `.shstrtab`), checked once so that finding
//! a name costs O(log n) however the file's names overlap: a hostile file can
//! point a million symbols into the middle of one megabyte-long string, and
//! scanning for the terminating NUL each time would take hours.

use std::ops::Range;

pub(super) struct StringTable<'a> {
    text: &'a str,
    /// Offsets of the NUL bytes that end the strings, ascending.
    nuls: Vec<u32>,
}

impl<'a> StringTable<'a> {
    /// The table in `bytes`; `None` when it is not UTF-8 (NUL is valid
    /// UTF-8, so one check covers every name in it) or over 4 GiB.
    pub fn parse(bytes: &'a [u8]) -> Option<Self> {
        u32::try_from(bytes.len()).ok()?;
        let text = std::str::from_utf8(bytes).ok()?;
        let nuls = (0..bytes.len()).filter(|&i| bytes[i] == 0).map(|i| i as u32).collect();
        Some(StringTable { text, nuls })
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Where the string starting at `offset` lies (up to its NUL, or the
    /// end of the table); `None` when `offset` is outside the table or
    /// inside a multi-byte character.
    pub fn range(&self, offset: usize) -> Option<Range<usize>> {
        if offset >= self.text.len() || !self.text.is_char_boundary(offset) {
            return None;
        }
        let i = self.nuls.partition_point(|&n| (n as usize) < offset);
        let end = self.nuls.get(i).map_or(self.text.len(), |&n| n as usize);
        Some(offset..end)
    }

    pub fn get(&self, offset: usize) -> Option<&'a str> {
        self.range(offset).map(|r| &self.text[r])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_end_at_their_nul_or_the_table_end() {
        let t = StringTable::parse(b"\0main\0tohost\0tail").unwrap();
        assert_eq!(t.get(1), Some("main"));
        assert_eq!(t.get(3), Some("in"));
        assert_eq!(t.get(0), Some(""));
        assert_eq!(t.get(13), Some("tail"));
        assert_eq!(t.get(17), None);
    }

    #[test]
    fn bad_utf8_and_split_characters_give_no_name() {
        assert!(StringTable::parse(b"\0\xff\0").is_none());
        let t = StringTable::parse("\0é\0".as_bytes()).unwrap();
        assert_eq!(t.get(1), Some("é"));
        assert_eq!(t.get(2), None);
    }
}
