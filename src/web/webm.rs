//! Gives a recorded WebM file its duration. Browsers' MediaRecorder writes
//! WebM as a live stream: the Segment's Info has no Duration element, so
//! players show no length and cannot seek. This adds one (Matroska spec:
//! Duration, ID 0x4489, a float in TimecodeScale units inside Info,
//! 0x1549A966). No web types: it is tested natively.

const EBML_ID: [u8; 4] = [0x1A, 0x45, 0xDF, 0xA3];
const SEGMENT_ID: [u8; 4] = [0x18, 0x53, 0x80, 0x67];
const INFO_ID: [u8; 4] = [0x15, 0x49, 0xA9, 0x66];
const CLUSTER_ID: [u8; 4] = [0x1F, 0x43, 0xB6, 0x75];
const TIMECODE_SCALE_ID: [u8; 3] = [0x2A, 0xD7, 0xB1];
const DURATION_ID: [u8; 2] = [0x44, 0x89];
/// Matroska's default TimecodeScale: 1 ms in ns.
const DEFAULT_TIMECODE_SCALE: f64 = 1_000_000.0;

/// An element's header: where its ID starts, the ID's bytes, and where its
/// data starts and ends (`None` for an unknown size).
struct Header<'a> {
    start: usize,
    id: &'a [u8],
    data: usize,
    end: Option<usize>,
}

/// A variable-length integer at `at`: its length and value (the length
/// marker removed); `None` when it is not one.
fn vint(bytes: &[u8], at: usize) -> Option<(usize, u64)> {
    let first = *bytes.get(at)?;
    let len = first.leading_zeros() as usize + 1;
    if len > 8 || at + len > bytes.len() {
        return None;
    }
    let mut value = u64::from(first) & (0xFF >> len);
    for &b in &bytes[at + 1..at + len] {
        value = (value << 8) | u64::from(b);
    }
    Some((len, value))
}

fn header(bytes: &[u8], start: usize) -> Option<Header<'_>> {
    let (id_len, _) = vint(bytes, start)?;
    let (size_len, size) = vint(bytes, start + id_len)?;
    let data = start + id_len + size_len;
    let unknown = size == (1u64 << (7 * size_len)) - 1;
    let end = if unknown {
        None
    } else {
        Some(data.checked_add(usize::try_from(size).ok()?)?)
    };
    Some(Header {
        start,
        id: &bytes[start..start + id_len],
        data,
        end,
    })
}

/// The children of the element whose data spans `from..to`.
fn children(bytes: &[u8], from: usize, to: usize) -> Vec<Header<'_>> {
    let mut out = Vec::new();
    let mut at = from;
    while at < to {
        let Some(h) = header(bytes, at) else { break };
        let next = h.end.unwrap_or(to);
        out.push(h);
        at = next;
    }
    out
}

/// A big-endian unsigned integer element's value.
fn uint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |v, &b| (v << 8) | u64::from(b))
}

/// `bytes` with a Duration of `duration_ms` in the Segment's Info, or
/// `None` when they are not a WebM file this can read. A file that has a
/// Duration already is returned unchanged.
pub fn with_duration(bytes: &[u8], duration_ms: f64) -> Option<Vec<u8>> {
    let ebml = header(bytes, 0).filter(|h| h.id == EBML_ID)?;
    let segment = header(bytes, ebml.end?).filter(|h| h.id == SEGMENT_ID)?;
    let segment_end = segment.end.unwrap_or(bytes.len()).min(bytes.len());
    let info = children(bytes, segment.data, segment_end)
        .into_iter()
        .take_while(|h| h.id != CLUSTER_ID)
        .find(|h| h.id == INFO_ID)?;
    let info_end = info.end?.min(bytes.len());
    let fields = children(bytes, info.data, info_end);
    if fields.iter().any(|h| h.id == DURATION_ID) {
        return Some(bytes.to_vec());
    }
    let scale = fields
        .iter()
        .find(|h| h.id == TIMECODE_SCALE_ID)
        .and_then(|h| Some(uint(&bytes[h.data..h.end?])))
        .filter(|&s| s > 0)
        .map_or(DEFAULT_TIMECODE_SCALE, |s| s as f64);
    let mut content = bytes[info.data..info_end].to_vec();
    content.extend_from_slice(&DURATION_ID);
    content.push(0x88); // size 8: a 64-bit float
    content.extend_from_slice(&(duration_ms * 1e6 / scale).to_be_bytes());
    // Info's new size, written as an 8-byte vint so any size fits.
    let mut size = (content.len() as u64).to_be_bytes();
    size[0] = 0x01;
    let mut out = bytes[..info.start].to_vec();
    out.extend_from_slice(&INFO_ID);
    out.extend_from_slice(&size);
    out.extend_from_slice(&content);
    out.extend_from_slice(&bytes[info_end..]);
    Some(out)
}

/// The Duration in a WebM file's Info, in milliseconds, if it has one.
#[cfg(test)]
pub fn duration_ms(bytes: &[u8]) -> Option<f64> {
    let ebml = header(bytes, 0).filter(|h| h.id == EBML_ID)?;
    let segment = header(bytes, ebml.end?).filter(|h| h.id == SEGMENT_ID)?;
    let segment_end = segment.end.unwrap_or(bytes.len()).min(bytes.len());
    let info = children(bytes, segment.data, segment_end)
        .into_iter()
        .find(|h| h.id == INFO_ID)?;
    let fields = children(bytes, info.data, info.end?.min(bytes.len()));
    let scale = fields
        .iter()
        .find(|h| h.id == TIMECODE_SCALE_ID)
        .and_then(|h| Some(uint(&bytes[h.data..h.end?])))
        .map_or(DEFAULT_TIMECODE_SCALE, |s| s as f64);
    let d = fields.iter().find(|h| h.id == DURATION_ID)?;
    let raw = &bytes[d.data..d.end?];
    let value = match raw.len() {
        4 => f64::from(f32::from_be_bytes(raw.try_into().ok()?)),
        8 => f64::from_be_bytes(raw.try_into().ok()?),
        _ => return None,
    };
    Some(value * scale / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A live-stream WebM as MediaRecorder writes it: EBML header, a Segment
    /// of unknown size, Info (TimecodeScale 1 ms, MuxingApp), a Cluster.
    fn recorded() -> Vec<u8> {
        let mut b = EBML_ID.to_vec();
        b.extend_from_slice(&[0x84, 0x42, 0x82, 0x81, 0x77]); // DocType-ish, 4 bytes
        b.extend_from_slice(&SEGMENT_ID);
        b.extend_from_slice(&[0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]); // unknown
        b.extend_from_slice(&INFO_ID);
        b.push(0x8D); // 13 bytes
        b.extend_from_slice(&TIMECODE_SCALE_ID);
        b.extend_from_slice(&[0x83, 0x0F, 0x42, 0x40]); // 1,000,000
        b.extend_from_slice(&[0x4D, 0x80, 0x83, b'C', b'h', b'r']); // MuxingApp
        b.extend_from_slice(&CLUSTER_ID);
        b.extend_from_slice(&[
            0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xE7, 0x81, 0x00,
        ]);
        b
    }

    #[test]
    fn a_recorded_file_gets_its_duration_and_keeps_the_rest() {
        let before = recorded();
        assert_eq!(duration_ms(&before), None);
        let after = with_duration(&before, 4_321.5).unwrap();
        assert_eq!(duration_ms(&after), Some(4_321.5));
        assert_eq!(
            after.len(),
            before.len() + 11 + 7,
            "Duration added, Info's size 8 bytes long"
        );
        assert!(
            after.ends_with(&before[before.len() - 15..]),
            "the cluster is untouched"
        );
        assert_eq!(
            with_duration(&after, 99.0).unwrap(),
            after,
            "a duration is never added twice"
        );
    }

    #[test]
    fn what_is_not_webm_is_refused() {
        assert_eq!(with_duration(b"not a video", 1.0), None);
        assert_eq!(with_duration(&[], 1.0), None);
        let mut truncated = recorded();
        truncated.truncate(20);
        assert_eq!(with_duration(&truncated, 1.0), None);
    }
}
