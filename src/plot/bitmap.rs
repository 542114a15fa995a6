//! The PNG backend: plotters' bitmap backend with text drawn by this module.
//!
//! plotters 0.3.7 draws `ab_glyph` text glyph by glyph at whole-pixel positions and drops each
//! glyph's left side bearing, so letters sit unevenly ("fi xture", "wit hout"). Here every glyph is
//! placed at its exact, sub-pixel caret position on a common baseline, with kerning, in the
//! embedded font. Everything else is the bitmap backend's own drawing.

use super::glyphs;
use super::style::embedded_font;
use ab_glyph::{Font, point};
use plotters::prelude::BitMapBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use std::path::Path;

/// A bitmap backend writing a PNG file, with exact glyph placement.
pub struct GlyphBitmap<'a>(BitMapBackend<'a>);

impl<'a> GlyphBitmap<'a> {
    /// A backend that writes `path` (format from the extension) on `present`.
    pub fn new(path: &'a Path, size: (u32, u32)) -> Self {
        Self(BitMapBackend::new(path, size))
    }
}

/// The bitmap backend's error type.
type BitMapError = <BitMapBackend<'static> as DrawingBackend>::ErrorType;
type Result<T = ()> = std::result::Result<T, DrawingErrorKind<BitMapError>>;

impl DrawingBackend for GlyphBitmap<'_> {
    type ErrorType = BitMapError;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result {
        self.0.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result {
        self.0.fill_polygon(vert, style)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result {
        self.0.blit_bitmap(pos, size, src)
    }

    /// Draws text in the embedded font (the only one registered), whatever family it names.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let font = embedded_font();
        let layout = glyphs::layout(text, style);
        let transform = style.transform();
        let mut pixels = Vec::new();
        for &(id, (x, y)) in &layout.glyphs {
            let glyph = id.with_scale_and_position(layout.size, point(x, y));
            let Some(outline) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            let (left, top) = (bounds.min.x as i32, bounds.min.y as i32);
            outline.draw(|x, y, coverage| {
                if coverage > 0.0 {
                    pixels.push((left + x as i32, top + y as i32, coverage.min(1.0)));
                }
            });
        }
        for (x, y, coverage) in pixels {
            let (x, y) = transform.transform(x, y);
            self.0.draw_pixel(
                (pos.0 + x, pos.1 + y),
                BackendColor {
                    alpha: colour.alpha * f64::from(coverage),
                    rgb: colour.rgb,
                },
            )?;
        }
        Ok(())
    }
}
