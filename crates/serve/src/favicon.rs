//! The dashboard's icon: an amber diamond on the header's dark blue, as SVG for browsers
//! that take it and as a 16×16 ICO drawn here for those that ask for `/favicon.ico`.

pub(crate) const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\">\
<rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#0f172a\"/>\
<path d=\"M8 2 14 8 8 14 2 8Z\" fill=\"#f59e0b\"/></svg>";

const SIZE: u32 = 16;

/// The colour of pixel (x, y), top-left origin, as BGRA.
fn pixel(x: u32, y: u32) -> [u8; 4] {
    let centre = (SIZE as f64 - 1.0) / 2.0;
    let d = (f64::from(x) - centre).abs() + (f64::from(y) - centre).abs();
    if d <= 6.0 {
        [0x0b, 0x9e, 0xf5, 0xff] // amber
    } else {
        [0x2a, 0x17, 0x0f, 0xff] // dark blue
    }
}

/// A one-image ICO file: 32-bit BMP rows bottom-up, then an all-opaque AND mask.
pub(crate) fn ico() -> Vec<u8> {
    let pixels = SIZE * SIZE * 4;
    let mask = SIZE * 4; // rows of 16 bits, padded to 32
    let image = 40 + pixels + mask;
    let mut out = Vec::with_capacity(22 + image as usize);
    for v in [0u16, 1, 1] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&[SIZE as u8, SIZE as u8, 0, 0]);
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&32u16.to_le_bytes());
    out.extend_from_slice(&image.to_le_bytes());
    out.extend_from_slice(&22u32.to_le_bytes());
    for v in [40u32, SIZE, SIZE * 2] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&32u16.to_le_bytes());
    for v in [0u32, pixels + mask, 0, 0, 0, 0] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for y in (0..SIZE).rev() {
        for x in 0..SIZE {
            out.extend_from_slice(&pixel(x, y));
        }
    }
    out.extend(std::iter::repeat_n(0u8, mask as usize));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_ico_has_its_header_and_one_image() {
        let ico = super::ico();
        assert_eq!(&ico[..6], &[0, 0, 1, 0, 1, 0]);
        assert_eq!(ico.len(), 22 + 40 + 16 * 16 * 4 + 64);
        let size = u32::from_le_bytes([ico[14], ico[15], ico[16], ico[17]]) as usize;
        assert_eq!(size + 22, ico.len());
    }
}
