//! The SVG backend: plotters' SVG backend with every text written as the outlines of its glyphs
//! in the embedded font, so that an SVG looks exactly like its PNG in any viewer, whatever fonts
//! the viewer has. Each glyph's outline is defined once, in font units, in the document's
//! `<defs>` (`id="mgate-glyph-N"`, the same outline in every mgate SVG, so that SVGs placed in one
//! HTML page may share them), and each text is a group of `<use>`s that carries the text itself as
//! its `aria-label`, for screen readers and searches.
//!
//! plotters' backend writes one `<text>` element per text; this backend hands it the text's
//! number instead of its words and, once the page is drawn, [`SvgText::replace_texts`] swaps each
//! numbered element for its group. Everything else is the SVG backend's own drawing.

use super::glyphs;
use super::style::embedded_font;
use ab_glyph::{Font, GlyphId, OutlineCurve, ScaleFont};
use plotters::prelude::SVGBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::rc::Rc;

type Result<T = ()> = std::result::Result<T, DrawingErrorKind<std::io::Error>>;

/// The texts drawn so far, in drawing order, and the outlines of their glyphs.
#[derive(Debug, Default, Clone)]
pub struct SvgText(Rc<RefCell<Texts>>);

#[derive(Debug, Default)]
struct Texts {
    groups: Vec<String>,
    glyphs: BTreeMap<u16, String>,
}

impl SvgText {
    /// Replaces the numbered `<text>` elements plotters wrote into `svg` with the recorded
    /// groups and puts the glyphs' outlines in `<defs>`; `None` if the document does not hold
    /// exactly the texts recorded, in order.
    pub fn replace_texts(&self, svg: &str) -> Option<String> {
        let texts = self.0.borrow();
        let mut out = String::with_capacity(svg.len() * 2);
        let root_end = svg.find("<svg")? + svg[svg.find("<svg")?..].find('>')? + 1;
        out.push_str(&svg[..root_end]);
        out.push_str("\n<defs>\n");
        for (id, d) in &texts.glyphs {
            let _ = writeln!(out, "<path id=\"mgate-glyph-{id}\" d=\"{d}\"/>");
        }
        out.push_str("</defs>");
        let mut rest = &svg[root_end..];
        for (index, group) in texts.groups.iter().enumerate() {
            let start = rest.find("<text")?;
            let open_end = start + rest[start..].find('>')? + 1;
            let close = open_end + rest[open_end..].find("</text>")?;
            if rest[open_end..close].trim() != index.to_string() {
                return None;
            }
            out.push_str(&rest[..start]);
            out.push_str(group);
            out.push('\n');
            rest = rest[close + "</text>".len()..].trim_start_matches('\n');
        }
        if rest.contains("<text") {
            return None;
        }
        out.push_str(rest);
        Some(out)
    }
}

/// An SVG backend writing into a string, with texts as glyph outlines (see the module's doc).
pub struct GlyphSvg<'a> {
    inner: SVGBackend<'a>,
    texts: SvgText,
}

impl<'a> GlyphSvg<'a> {
    /// A backend drawing a page of `size` pixels into `buffer`; the outlines of its texts go to
    /// `texts`, to be put in place with [`SvgText::replace_texts`] once the page is presented.
    pub fn new(buffer: &'a mut String, size: (u32, u32), texts: SvgText) -> Self {
        Self {
            inner: SVGBackend::with_string(buffer, size),
            texts,
        }
    }
}

/// Escapes text for an XML attribute.
fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A number with at most two decimals, no trailing zeros.
fn number(value: f32) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    format!("{rounded}")
}

/// A glyph's outline as SVG path data in font units, y pointing down.
fn glyph_path(id: GlyphId) -> Option<String> {
    let outline = embedded_font().outline(id)?;
    let mut d = String::new();
    let mut last: Option<ab_glyph::Point> = None;
    let point = |d: &mut String, command: &str, p: ab_glyph::Point| {
        let _ = write!(d, "{command}{} {}", number(p.x), number(-p.y));
    };
    for curve in &outline.curves {
        let (start, end) = match *curve {
            OutlineCurve::Line(a, b) => (a, b),
            OutlineCurve::Quad(a, _, c) => (a, c),
            OutlineCurve::Cubic(a, _, _, d) => (a, d),
        };
        if last != Some(start) {
            if last.is_some() {
                d.push('Z');
            }
            point(&mut d, "M", start);
        }
        match *curve {
            OutlineCurve::Line(_, b) => point(&mut d, "L", b),
            OutlineCurve::Quad(_, b, c) => {
                point(&mut d, "Q", b);
                point(&mut d, " ", c);
            }
            OutlineCurve::Cubic(_, b, c, e) => {
                point(&mut d, "C", b);
                point(&mut d, " ", c);
                point(&mut d, " ", e);
            }
        }
        last = Some(end);
    }
    if last.is_some() {
        d.push('Z');
    }
    Some(d)
}

/// The group drawing `text`: one `<use>` of its glyph's outline per glyph, scaled from font
/// units to pixels, placed and rotated as the style says.
fn text_group<S: BackendTextStyle>(
    text: &str,
    style: &S,
    pos: BackendCoord,
    glyphs: &mut BTreeMap<u16, String>,
) -> String {
    let colour = style.color();
    let (r, g, b) = colour.rgb;
    let layout = glyphs::layout(text, style);
    let scale = embedded_font().as_scaled(layout.size).h_scale_factor();
    let rotation = match style.transform() {
        FontTransform::None => String::new(),
        FontTransform::Rotate90 => " rotate(90)".to_string(),
        FontTransform::Rotate180 => " rotate(180)".to_string(),
        FontTransform::Rotate270 => " rotate(270)".to_string(),
    };
    let scale_text = format!("{scale:.6}");
    let scale_text = scale_text.trim_end_matches('0');
    let mut group = format!(
        "<g aria-label=\"{}\" fill=\"#{r:02X}{g:02X}{b:02X}\"",
        xml_escape(text)
    );
    if colour.alpha < 1.0 {
        let _ = write!(group, " fill-opacity=\"{:.3}\"", colour.alpha);
    }
    let _ = write!(
        group,
        " transform=\"translate({} {}){rotation}\">",
        pos.0, pos.1
    );
    for &(id, (x, y)) in &layout.glyphs {
        if let std::collections::btree_map::Entry::Vacant(entry) = glyphs.entry(id.0) {
            match glyph_path(id) {
                Some(d) => {
                    entry.insert(d);
                }
                // A space has no outline.
                None => continue,
            }
        }
        let _ = write!(
            group,
            "<use href=\"#mgate-glyph-{}\" transform=\"translate({} {}) scale({})\"/>",
            id.0,
            number(x),
            number(y),
            scale_text
        );
    }
    group.push_str("</g>");
    group
}

impl DrawingBackend for GlyphSvg<'_> {
    type ErrorType = std::io::Error;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result {
        self.inner.blit_bitmap(pos, size, src)
    }

    /// Records the text's glyph outlines and has plotters write a `<text>` holding only the
    /// text's number, replaced by the outline later.
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
        let index = {
            let mut texts = self.texts.0.borrow_mut();
            let texts = &mut *texts;
            let group = text_group(text, style, pos, &mut texts.glyphs);
            texts.groups.push(group);
            texts.groups.len() - 1
        };
        self.inner.draw_text(&index.to_string(), style, pos)
    }
}
