//! Masking secrets before anything is printed. The printed source is a copy of
//! the file in which every secret reads `***`; a [`Redacted`] text keeps the
//! map back to the original so that spans and columns stay those of the real
//! file.

use std::ops::Range;

pub const MASK: &str = "***";

/// A file's text with its secrets masked.
#[derive(Debug, Clone, Default)]
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

/// The masked lines of a file that findings point at: what snippets print.
/// Only those lines are kept, so memory follows the findings, not the size
/// of the files they are in.
#[derive(Debug, Clone, Default)]
pub struct Excerpt {
    /// The kept lines, one after the other, masked.
    pub redacted: Redacted,
    /// Each kept line: its byte range in the file, and its 1-based number.
    lines: Vec<(Range<usize>, usize)>,
    /// Where each kept line starts in the unmasked excerpt.
    starts: Vec<usize>,
}

impl Excerpt {
    /// The lines numbered `numbers` (1-based, ascending) of `original`, whose
    /// lines start at `line_starts`, masked as [`Redacted::new`] masks.
    pub fn new(
        original: &str,
        line_starts: &[usize],
        numbers: &[usize],
        secrets: &[Range<usize>],
        keep: &[Range<usize>],
        opaque: &[Range<usize>],
    ) -> Excerpt {
        let mut text = String::new();
        let mut lines = Vec::with_capacity(numbers.len());
        let mut starts = Vec::with_capacity(numbers.len());
        for &number in numbers {
            let Some(&start) = number.checked_sub(1).and_then(|i| line_starts.get(i)) else {
                continue;
            };
            let end = line_starts.get(number).copied().unwrap_or(original.len());
            starts.push(text.len());
            text.push_str(original.get(start..end).unwrap_or_default());
            lines.push((start..end, number));
        }
        let mut excerpt = Excerpt {
            redacted: Redacted::default(),
            lines,
            starts,
        };
        let secrets = excerpt.project(secrets);
        let keep = excerpt.project(keep);
        let opaque = excerpt.project(opaque);
        excerpt.redacted = Redacted::new(&text, &secrets, &keep, &opaque);
        excerpt
    }

    /// The parts of `ranges` (offsets in the file) on kept lines, as offsets
    /// in the unmasked excerpt.
    fn project(&self, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
        let mut projected = Vec::new();
        for range in ranges {
            let first = self
                .lines
                .partition_point(|(line, _)| line.end <= range.start);
            for ((line, _), start) in self.lines[first..].iter().zip(&self.starts[first..]) {
                if line.start >= range.end {
                    break;
                }
                let piece = range.start.max(line.start)..range.end.min(line.end);
                projected.push(start + piece.start - line.start..start + piece.end - line.start);
            }
        }
        projected
    }

    /// Where an offset of the file lands in the masked excerpt (the end of
    /// a line counts as on it).
    pub fn masked_offset(&self, original: usize) -> usize {
        let index = self
            .lines
            .partition_point(|(line, _)| line.end < original)
            .min(self.lines.len().saturating_sub(1));
        let unmasked = match (self.lines.get(index), self.starts.get(index)) {
            (Some((line, _)), Some(start)) => {
                start + original.clamp(line.start, line.end) - line.start
            }
            _ => 0,
        };
        self.redacted.masked_offset(unmasked)
    }

    /// The 1-based number in the file of the excerpt's line `index`.
    pub fn line_number(&self, index: usize) -> Option<usize> {
        self.lines.get(index).map(|(_, number)| *number)
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
    fn an_excerpt_keeps_only_the_lines_shown_with_their_numbers_and_columns() {
        let original = "A=1\nurl=postgresql://app:hunter22@10.0.0.121:5432/app\nB=2\nTOKEN=abc\nC=10.0.0.122\n";
        let starts: Vec<usize> = std::iter::once(0)
            .chain(original.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let secret = original.find("hunter22").expect("planted");
        let token = original.find("abc").expect("planted");
        let first = original.find("10.0.0.121").expect("planted");
        let second = original.find("10.0.0.122").expect("planted");
        let excerpt = Excerpt::new(
            original,
            &starts,
            &[2, 5],
            &[secret..secret + 8, token..token + 3],
            &[first..first + 10, second..second + 10],
            &[],
        );
        assert_eq!(
            excerpt.redacted.text,
            "url=postgresql://app:***@10.0.0.121:5432/app\nC=10.0.0.122\n"
        );
        assert_eq!(
            [excerpt.line_number(0), excerpt.line_number(1)],
            [Some(2), Some(5)]
        );
        let masked = excerpt.masked_offset(second);
        assert_eq!(&excerpt.redacted.text[masked..masked + 10], "10.0.0.122");
        let masked = excerpt.masked_offset(first);
        assert_eq!(&excerpt.redacted.text[masked..masked + 10], "10.0.0.121");
        let column = excerpt.redacted.original_column(0, masked);
        assert_eq!(column, first - starts[1] + 1, "the column of the file");
    }

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
