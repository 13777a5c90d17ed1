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
    /// In text order.
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
    /// Bytes the masks before this one added to the text (negative: removed).
    bytes_before: isize,
    /// Characters the masks before this one took from the text.
    chars_before: isize,
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
        let keep = Kept::new(keep);
        let mut ranges: Vec<Range<usize>> = secrets
            .iter()
            .filter(|s| s.end <= original.len())
            .flat_map(|secret| keep.outside(secret.clone()))
            .chain(opaque.iter().filter(|o| o.end <= original.len()).cloned())
            .filter(|s| s.start < s.end)
            .filter(|s| original.is_char_boundary(s.start) && original.is_char_boundary(s.end))
            .collect();
        ranges.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for range in ranges {
            match merged.last_mut() {
                // Overlapping secrets are one mask covering both.
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        let mut text = String::with_capacity(original.len());
        let mut masks: Vec<Mask> = Vec::with_capacity(merged.len());
        let (mut bytes_before, mut chars_before) = (0isize, 0isize);
        let mut position = 0;
        for range in merged {
            text.push_str(&original[position..range.start]);
            let original_chars = original[range.clone()].chars().count();
            masks.push(Mask {
                masked_start: text.len(),
                original_chars,
                original: range.clone(),
                bytes_before,
                chars_before,
            });
            bytes_before += MASK.len() as isize - range.len() as isize;
            chars_before += original_chars as isize - MASK.len() as isize;
            text.push_str(MASK);
            position = range.end;
        }
        text.push_str(&original[position..]);
        Redacted { text, masks }
    }

    /// Bytes added by all masks (negative: removed).
    fn total_bytes(&self) -> isize {
        self.masks.last().map_or(0, |last| {
            last.bytes_before + MASK.len() as isize - last.original.len() as isize
        })
    }

    /// Where an original byte offset lands in the masked text; an offset inside
    /// a secret lands at the start of its mask.
    pub fn masked_offset(&self, original: usize) -> usize {
        let index = self.masks.partition_point(|m| m.original.end <= original);
        match self.masks.get(index) {
            Some(mask) if original > mask.original.start => mask.masked_start,
            Some(mask) => original.saturating_add_signed(mask.bytes_before),
            None => original.saturating_add_signed(self.total_bytes()),
        }
    }

    /// The original file's 1-based column of `byte_index` (an offset in the
    /// masked text) on the line starting at `line_start` (also masked).
    pub fn original_column(&self, line_start: usize, byte_index: usize) -> usize {
        let visible = self
            .text
            .get(line_start..byte_index)
            .map_or(0, |s| s.chars().count());
        // The masks wholly between the line's start and the index.
        let first = self.masks.partition_point(|m| m.masked_start < line_start);
        let end = self
            .masks
            .partition_point(|m| m.masked_start + MASK.len() <= byte_index);
        let correction = match (self.masks.get(first), end.checked_sub(1)) {
            (Some(from), Some(last)) if last >= first => {
                let last = &self.masks[last];
                last.chars_before + last.original_chars as isize
                    - MASK.len() as isize
                    - from.chars_before
            }
            _ => 0,
        };
        visible.saturating_add_signed(correction) + 1
    }
}

/// A line longer than this is shown as windows around the spans on it.
const LONG_LINE: usize = 200;
/// How much of a long line a window shows either side of a span.
const WINDOW: usize = 60;
/// How long a piece of a long line grows as windows that overlap merge.
const MAX_PIECE: usize = 2 * LONG_LINE;
/// What marks the cut ends of a window.
const ELLIPSIS: &str = "…";

/// The masked lines of a file that findings point at: what snippets print.
/// A long line is kept as windows around its spans, each cut end marked with
/// an ellipsis, so memory and output follow the findings, not the length of
/// the lines they are on (a 10 MB minified JSON line is never printed whole).
#[derive(Debug, Clone, Default)]
pub struct Excerpt {
    /// The kept pieces, one per line of the excerpt, masked.
    pub redacted: Redacted,
    /// Each kept piece of the file, in file order.
    pieces: Vec<Piece>,
    /// Where each piece starts in the unmasked excerpt.
    starts: Vec<usize>,
}

/// One line of an excerpt: a whole line of the file, or a window of a long one.
#[derive(Debug, Clone)]
struct Piece {
    /// Its byte range in the file (without the newline).
    range: Range<usize>,
    /// The 1-based number of the file's line it is on.
    number: usize,
    /// Characters of the file's line before it.
    column: usize,
    /// It starts after the start of its line (an ellipsis precedes it).
    cut_before: bool,
}

impl Excerpt {
    /// The pieces of `original` (whose lines start at `line_starts`) that the
    /// spans `shown` are on, masked as [`Redacted::new`] masks.
    pub fn new(
        original: &str,
        line_starts: &[usize],
        shown: &[Range<usize>],
        secrets: &[Range<usize>],
        keep: &[Range<usize>],
        opaque: &[Range<usize>],
    ) -> Excerpt {
        let mut wanted: Vec<(Range<usize>, usize)> = Vec::new();
        for span in shown {
            let first = line_starts.partition_point(|&start| start <= span.start);
            let last = line_starts.partition_point(|&start| start <= span.end.max(span.start));
            for number in first.max(1)..=last.max(first.max(1)) {
                let start = line_starts[number - 1];
                let end = line_starts
                    .get(number)
                    .map_or(original.len(), |next| next.saturating_sub(1))
                    .max(start);
                wanted.push((window(original, start..end, span), number));
            }
        }
        wanted.sort_by_key(|(range, _)| (range.start, range.end));
        let mut pieces: Vec<Piece> = Vec::with_capacity(wanted.len());
        for (range, number) in wanted {
            let range = match pieces.last_mut() {
                Some(last) if last.number == number && range.start <= last.range.end => {
                    if range.end <= last.range.end {
                        continue;
                    }
                    if range.end - last.range.start <= MAX_PIECE {
                        last.range.end = range.end;
                        continue;
                    }
                    // Windows close together on a long line go on in a piece
                    // of their own from where the last one ends: a snippet
                    // shows one piece, so none grows with the spans on a line.
                    last.range.end..range.end
                }
                _ => range,
            };
            let line_start = line_starts[number - 1];
            // Counted on from the line's previous piece: a long line is
            // counted once, not once per piece.
            let column = match pieces.last() {
                Some(last) if last.number == number => {
                    last.column + characters(original, last.range.start..range.start)
                }
                _ => characters(original, line_start..range.start),
            };
            pieces.push(Piece {
                column,
                cut_before: range.start > line_start,
                range,
                number,
            });
        }
        let mut text = String::new();
        let mut starts = Vec::with_capacity(pieces.len());
        for piece in &pieces {
            starts.push(text.len());
            if piece.cut_before {
                text.push_str(ELLIPSIS);
            }
            text.push_str(original.get(piece.range.clone()).unwrap_or_default());
            let line_end = line_starts
                .get(piece.number)
                .map_or(original.len(), |next| next.saturating_sub(1));
            if piece.range.end < line_end {
                text.push_str(ELLIPSIS);
            }
            text.push('\n');
        }
        let mut excerpt = Excerpt {
            redacted: Redacted::default(),
            pieces,
            starts,
        };
        let secrets = excerpt.project(secrets);
        let keep = excerpt.project(keep);
        let opaque = excerpt.project(opaque);
        excerpt.redacted = Redacted::new(&text, &secrets, &keep, &opaque);
        excerpt
    }

    /// Where the content of piece `index` starts in the unmasked excerpt
    /// (after its ellipsis, if cut).
    fn content_start(&self, index: usize) -> usize {
        self.starts[index]
            + if self.pieces[index].cut_before {
                ELLIPSIS.len()
            } else {
                0
            }
    }

    /// The parts of `ranges` (offsets in the file) on kept pieces, as offsets
    /// in the unmasked excerpt.
    fn project(&self, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
        let mut projected = Vec::new();
        for range in ranges {
            let first = self
                .pieces
                .partition_point(|piece| piece.range.end <= range.start);
            for (index, piece) in self.pieces.iter().enumerate().skip(first) {
                if piece.range.start >= range.end {
                    break;
                }
                let part = range.start.max(piece.range.start)..range.end.min(piece.range.end);
                let start = self.content_start(index);
                projected.push(
                    start + part.start - piece.range.start..start + part.end - piece.range.start,
                );
            }
        }
        projected
    }

    /// Where an offset of the file lands in the masked excerpt (the end of
    /// a piece counts as on it).
    pub fn masked_offset(&self, original: usize) -> usize {
        let index = self
            .pieces
            .partition_point(|piece| piece.range.end < original)
            .min(self.pieces.len().saturating_sub(1));
        let unmasked = match self.pieces.get(index) {
            Some(piece) => {
                self.content_start(index) + original.clamp(piece.range.start, piece.range.end)
                    - piece.range.start
            }
            None => 0,
        };
        self.redacted.masked_offset(unmasked)
    }

    /// The 1-based number in the file of the excerpt's line `index`.
    pub fn line_number(&self, index: usize) -> Option<usize> {
        self.pieces.get(index).map(|piece| piece.number)
    }

    /// The file's 1-based column of `byte_index` (an offset in the masked
    /// excerpt) on the excerpt's line `index`, which starts at `line_start`.
    pub fn column(&self, index: usize, line_start: usize, byte_index: usize) -> usize {
        let Some(piece) = self.pieces.get(index) else {
            return self.redacted.original_column(line_start, byte_index);
        };
        let ellipsis = if piece.cut_before {
            ELLIPSIS.chars().count()
        } else {
            0
        };
        (piece.column + self.redacted.original_column(line_start, byte_index))
            .saturating_sub(ellipsis)
    }
}

/// The part of the line at `line` to show for `span`: the whole line when
/// it is short, else a window around the span's part of it.
fn window(original: &str, line: Range<usize>, span: &Range<usize>) -> Range<usize> {
    if line.end - line.start <= LONG_LINE {
        return line;
    }
    let start = span
        .start
        .clamp(line.start, line.end)
        .saturating_sub(WINDOW)
        .max(line.start);
    let end = (span.end.clamp(line.start, line.end) + WINDOW)
        .min(line.end)
        .min(span.start.max(line.start) + LONG_LINE);
    original.floor_char_boundary(start)..original.ceil_char_boundary(end.max(start))
}

/// How many characters `range` of `text` holds (bytes, for ASCII).
fn characters(text: &str, range: Range<usize>) -> usize {
    let slice = text.get(range.clone()).unwrap_or_default();
    if slice.is_ascii() {
        slice.len()
    } else {
        slice.chars().count()
    }
}

/// Ranges never masked, sorted, with how far each prefix of them reaches.
struct Kept {
    ranges: Vec<Range<usize>>,
    /// `reach[i]`: the largest end among `ranges[..=i]`.
    reach: Vec<usize>,
}

impl Kept {
    fn new(keep: &[Range<usize>]) -> Kept {
        let mut ranges = keep.to_vec();
        ranges.sort_by_key(|k| (k.start, k.end));
        let reach = ranges
            .iter()
            .scan(0, |reach, k| {
                *reach = k.end.max(*reach);
                Some(*reach)
            })
            .collect();
        Kept { ranges, reach }
    }

    /// The parts of `range` outside every kept range.
    fn outside(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let mut pieces = Vec::new();
        let mut start = range.start;
        let first = self.reach.partition_point(|&end| end <= range.start);
        for kept in &self.ranges[first..] {
            if kept.start >= range.end {
                break;
            }
            if kept.start > start {
                pieces.push(start..kept.start);
            }
            start = start.max(kept.end);
        }
        if start < range.end {
            pieces.push(start..range.end);
        }
        pieces
    }
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
            &[first..first + 10, second..second + 10],
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
        let column = excerpt.column(0, 0, masked);
        assert_eq!(column, first - starts[1] + 1, "the column of the file");
    }

    #[test]
    fn a_long_line_is_shown_as_windows_with_the_columns_of_the_file() {
        let original = format!("{}10.0.0.121{}\nnext\n", "x".repeat(5000), "y".repeat(5000));
        let starts = [0, original.find('\n').expect("a line") + 1];
        let at = original.find("10.0.0.121").expect("planted");
        let excerpt = Excerpt::new(&original, &starts, &[at..at + 10], &[], &[at..at + 10], &[]);
        let shown = &excerpt.redacted.text;
        assert!(shown.len() < 200, "a window, not the line: {shown}");
        assert!(
            shown.starts_with('…') && shown.trim_end().ends_with('…'),
            "{shown}"
        );
        let masked = excerpt.masked_offset(at);
        assert_eq!(&shown[masked..masked + 10], "10.0.0.121");
        assert_eq!(excerpt.column(0, 0, masked), at + 1);
        assert_eq!(excerpt.line_number(0), Some(1));
    }

    #[test]
    fn close_spans_on_a_long_line_merge_into_pieces_of_bounded_length() {
        // 20 000 addresses 18 bytes apart: their windows all overlap.
        let original = "$(echo 10.0.0.120 ".repeat(20_000) + "\n";
        let starts = [0];
        let spans: Vec<Range<usize>> = original
            .match_indices("10.0.0.120")
            .map(|(at, address)| at..at + address.len())
            .collect();
        let excerpt = Excerpt::new(&original, &starts, &spans, &[], &spans, &[]);
        let longest = excerpt.redacted.text.lines().map(str::len).max();
        assert!(longest.is_some_and(|longest| longest <= MAX_PIECE + 2 * ELLIPSIS.len()));
        for span in spans.iter().step_by(997) {
            let masked = excerpt.masked_offset(span.start);
            assert_eq!(&excerpt.redacted.text[masked..masked + 10], "10.0.0.120");
            let line = excerpt.redacted.text[..masked].matches('\n').count();
            let line_start = excerpt.redacted.text[..masked]
                .rfind('\n')
                .map_or(0, |at| at + 1);
            assert_eq!(excerpt.column(line, line_start, masked), span.start + 1);
        }
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
    fn a_long_kept_range_wins_over_the_secrets_inside_it() {
        // A list's span holds the secret; a short span after it does not.
        let original = "0123456789abcdefghijXYZ";
        let redacted = Redacted::new(original, &[5..15, 21..23], &[0..20, 3..4], &[]);
        assert_eq!(redacted.text, "0123456789abcdefghijX***");
        assert_eq!(redacted.masked_offset(23), 24);
        assert_eq!(redacted.original_column(0, 24), 24);
    }

    #[test]
    fn overlapping_secrets_are_one_mask_covering_both() {
        // A parser's exact span and a wider one found by syntax: nothing of
        // the wider one may show.
        let original = "k: abcdefgh;";
        let redacted = Redacted::new(original, &[3..7, 3..11, 5..9], &[], &[]);
        assert_eq!(redacted.text, "k: ***;");
        assert_eq!(redacted.original_column(0, redacted.masked_offset(11)), 12);
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
