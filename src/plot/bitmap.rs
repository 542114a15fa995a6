//! The PNG backend: plotters' bitmap backend with text drawn by this module.
//!
//! plotters 0.3.7 draws `ab_glyph` text glyph by glyph at whole-pixel positions and drops each
//! glyph's left side bearing, so letters sit unevenly ("fi xture", "wit hout"). Here every glyph is
//! placed at its exact, sub-pixel caret position on a common baseline, with kerning, in the
//! embedded font. Everything else is the bitmap backend's own drawing.

use super::style::embedded_font;
use ab_glyph::{Font, ScaleFont, point};
use plotters::prelude::BitMapBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use std::path::Path;

/// Height of the layout box plotters assumes for text, as a fraction of the font size (its
/// `ab_glyph` layout uses `size / 1.24`); anchors are computed against this box.
const LAYOUT_HEIGHT: f32 = 1.0 / 1.24;
/// Baseline below the top of the layout box, as a fraction of the font size: puts the middle of
/// capital letters on a centred anchor.
const BASELINE: f32 = 0.71;

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
        let size = style.size() as f32;
        let scaled = font.as_scaled(size);
        let glyphs: Vec<_> = text.chars().map(|c| scaled.glyph_id(c)).collect();
        let mut carets = Vec::with_capacity(glyphs.len());
        let mut caret = 0.0_f32;
        for (i, &id) in glyphs.iter().enumerate() {
            if i > 0 {
                caret += scaled.kern(glyphs[i - 1], id);
            }
            carets.push(caret);
            caret += scaled.h_advance(id);
        }
        let width = caret;
        let height = size * LAYOUT_HEIGHT;
        let anchor = style.anchor();
        let dx = match anchor.h_pos {
            HPos::Left => 0.0,
            HPos::Right => -width,
            HPos::Center => -width / 2.0,
        };
        let dy = match anchor.v_pos {
            VPos::Top => 0.0,
            VPos::Center => -height / 2.0,
            VPos::Bottom => -height,
        };
        let baseline = dy + BASELINE * size;
        let transform = style.transform();
        let mut pixels = Vec::new();
        for (&id, &caret) in glyphs.iter().zip(&carets) {
            let glyph = id.with_scale_and_position(size, point(dx + caret, baseline));
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
