//! Masking secrets before anything is printed. The printed source is a copy of
//! the file in which every secret reads `***`; a [`Redacted`] text keeps the
//! map back to the original so that spans and columns stay those of the real
//! file.

use std::ops::Range;

pub const MASK: &str = "***";

/// A file's text with its secrets masked.
#[derive(Debug, Clone)]
pub struct Redacted {
    pub text: String,
    masks: Vec<Mask>,
}

#[derive(Debug, Clone)]
struct Mask {
    /// The secret's byte range in the original text.
    original: Range<usize>,
    /// Where its `***` starts in the masked text.
    masked_start: usize,
    /// How many characters the secret had.
    original_chars: usize,
}

impl Redacted {
    /// Masks `secrets` (byte ranges of `original`) except where they overlap a
    /// `keep` range (the addresses being reported are not secrets), and every
    /// `opaque` range whatever it holds.
    pub fn new(
        original: &str,
        secrets: &[Range<usize>],
        keep: &[Range<usize>],
        opaque: &[Range<usize>],
    ) -> Redacted {
        let mut ranges: Vec<Range<usize>> = secrets
            .iter()
            .filter(|s| s.end <= original.len())
            .flat_map(|secret| outside(secret.clone(), keep))
            .chain(opaque.iter().filter(|o| o.end <= original.len()).cloned())
            .filter(|s| s.start < s.end)
            .filter(|s| original.is_char_boundary(s.start) && original.is_char_boundary(s.end))
            .collect();
        ranges.sort_by_key(|r| (r.start, r.end));
        let mut text = String::with_capacity(original.len());
        let mut masks = Vec::new();
        let mut position = 0;
        for range in ranges {
            if range.start < position {
                continue; // inside a secret already masked
            }
            text.push_str(&original[position..range.start]);
            masks.push(Mask {
                masked_start: text.len(),
                original_chars: original[range.clone()].chars().count(),
                original: range.clone(),
            });
            text.push_str(MASK);
            position = range.end;
        }
        text.push_str(&original[position..]);
        Redacted { text, masks }
    }

    /// Where an original byte offset lands in the masked text; an offset inside
    /// a secret lands at the start of its mask.
    pub fn masked_offset(&self, original: usize) -> usize {
        let mut shift: isize = 0;
        for mask in &self.masks {
            if original >= mask.original.end {
                shift += MASK.len() as isize - mask.original.len() as isize;
            } else if original > mask.original.start {
                return mask.masked_start;
            } else {
                break;
            }
        }
        original.saturating_add_signed(shift)
    }

    /// The original file's 1-based column of `byte_index` (an offset in the
    /// masked text) on the line starting at `line_start` (also masked).
    pub fn original_column(&self, line_start: usize, byte_index: usize) -> usize {
        let visible = self
            .text
            .get(line_start..byte_index)
            .map_or(0, |s| s.chars().count());
        let correction: isize = self
            .masks
            .iter()
            .filter(|m| m.masked_start >= line_start && m.masked_start + MASK.len() <= byte_index)
            .map(|m| m.original_chars as isize - MASK.len() as isize)
            .sum();
        visible.saturating_add_signed(correction) + 1
    }
}

/// The parts of `range` outside every `keep` range.
fn outside(range: Range<usize>, keep: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut pieces = vec![range];
    for kept in keep {
        pieces = pieces
            .into_iter()
            .flat_map(|piece| {
                if kept.end <= piece.start || piece.end <= kept.start {
                    vec![piece]
                } else {
                    vec![
                        piece.start..kept.start.max(piece.start),
                        kept.end.min(piece.end)..piece.end,
                    ]
                }
            })
            .collect();
    }
    pieces
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // one secret, one address: the lists are the point
mod tests {
    use super::*;

    #[test]
    fn masks_secrets_and_maps_positions_back() {
        let original = "url=postgresql://app:hunter22@10.0.0.121:5432/app";
        let secret = original.find("hunter22").expect("planted");
        let address = original.find("10.0.0.121").expect("planted");
        let redacted = Redacted::new(
            original,
            &[secret..secret + 8],
            &[address..address + 10],
            &[],
        );
        assert_eq!(
            redacted.text,
            "url=postgresql://app:***@10.0.0.121:5432/app"
        );
        let masked = redacted.masked_offset(address);
        assert_eq!(&redacted.text[masked..masked + 10], "10.0.0.121");
        assert_eq!(redacted.original_column(0, masked), address + 1);
    }

    #[test]
    fn short_secrets_become_three_stars_and_keep_ranges_win() {
        let original = "a:pw@h DB_PASSWORD=10.0.0.121";
        let redacted = Redacted::new(original, &[2..4, 19..29], &[19..29], &[]);
        assert_eq!(redacted.text, "a:***@h DB_PASSWORD=10.0.0.121");
        assert_eq!(redacted.original_column(0, redacted.masked_offset(19)), 20);
    }

    #[test]
    fn a_secret_around_an_address_is_masked_except_the_address() {
        let original = "API_TOKEN=tok-123 PGHOST=10.0.0.120 tail";
        let address = original.find("10.0.0.120").expect("planted");
        let redacted = Redacted::new(
            original,
            &[10..original.len()],
            &[address..address + 10],
            &[],
        );
        assert_eq!(redacted.text, "API_TOKEN=***10.0.0.120***");
    }
}
