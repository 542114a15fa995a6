//! Where the glyphs of a text go: one layout, in the embedded font, shared by the PNG backend
//! (which rasterises the glyphs, `bitmap.rs`) and the SVG backend (which writes them as outlines,
//! `svg.rs`), so that both files show the same letters in the same places.

use super::style::embedded_font;
use ab_glyph::{Font, GlyphId, ScaleFont};
use plotters_backend::BackendTextStyle;
use plotters_backend::text_anchor::{HPos, VPos};

/// Height of the layout box plotters assumes for text, as a fraction of the font size (its
/// `ab_glyph` layout uses `size / 1.24`); anchors are computed against this box.
const LAYOUT_HEIGHT: f32 = 1.0 / 1.24;
/// Baseline below the top of the layout box, as a fraction of the font size: puts the middle of
/// capital letters on a centred anchor.
const BASELINE: f32 = 0.71;

/// A text laid out in the embedded font: each glyph with the pixel position of its origin on the
/// baseline, relative to the text's anchor point and before the style's rotation.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The font size in pixels (ab_glyph's scale).
    pub size: f32,
    /// Each glyph and its origin `(x, y)`.
    pub glyphs: Vec<(GlyphId, (f32, f32))>,
}

/// Lays out `text` in the embedded font at the style's size and anchor, with kerning.
pub fn layout<S: BackendTextStyle>(text: &str, style: &S) -> Layout {
    let font = embedded_font();
    let size = style.size() as f32;
    let scaled = font.as_scaled(size);
    let ids: Vec<GlyphId> = text.chars().map(|c| scaled.glyph_id(c)).collect();
    let mut carets = Vec::with_capacity(ids.len());
    let mut caret = 0.0_f32;
    for (i, &id) in ids.iter().enumerate() {
        if i > 0 {
            caret += scaled.kern(ids[i - 1], id);
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
    Layout {
        size,
        glyphs: ids
            .into_iter()
            .zip(carets)
            .map(|(id, caret)| (id, (dx + caret, baseline)))
            .collect(),
    }
}
