//! The one frame every plot uses: the embedded font, the Okabe–Ito colours with a line dash and a
//! marker per arm (so arms stay apart in greyscale), text sizes, the page around each chart
//! (title, legend panel that fits up to eight arms, footer with the disclaimer), the chart's axes,
//! and small multiples (one panel per arm).
//!
//! A plot kind only draws its chart into the area it is given and says what it shows (see
//! [`Figure`]); [`write_figure`] lays out the page and writes the same picture as PNG and as SVG
//! (the SVG with its text as glyph outlines, see `svg.rs`). Pages are 1280×720, a slide's size.

use super::PlotError;
use super::bitmap::GlyphBitmap;
use super::svg::{GlyphSvg, SvgText};
use crate::DISCLAIMER;
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, FontTransform, register_font};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Width of every plot, pixels.
pub const WIDTH_PX: u32 = 1280;
/// Height of every plot, pixels (a 16:9 slide).
pub const HEIGHT_PX: u32 = 720;

/// DejaVu Sans, embedded so that rendering needs no system font (licence in
/// `assets/DejaVu-LICENSE.txt`).
const FONT_TTF: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");
/// The family name the embedded font is registered under (SVG files hold the glyphs' outlines,
/// not the name).
pub const FONT_FAMILY: &str = "sans-serif";

/// Text sizes, chosen to stay readable on a projector: no text is smaller than 18 px, except a
/// legend too long for its panel, set at 16 px.
///
/// Each constant is a plotters text size for an em (the CSS `font-size`) of the pixels given:
/// plotters writes `font-size = size / 1.24` into SVG files, and the PNG renderer draws glyphs
/// about 6% larger than that em.
pub mod size {
    /// plotters' size for a font whose em is `px` pixels.
    const fn em(px: f64) -> f64 {
        px * 1.24
    }
    /// First title line (the scenario).
    pub const TITLE: f64 = em(26.0);
    /// Second title line (what the plot shows).
    pub const SUBTITLE: f64 = em(20.0);
    /// Axis descriptions.
    pub const AXIS: f64 = em(20.0);
    /// Tick labels.
    pub const TICK: f64 = em(18.5);
    /// Legend entries and panel titles.
    pub const LEGEND: f64 = em(18.5);
    /// Legend entries when a long legend must be set densely to fit.
    pub const LEGEND_SMALL: f64 = em(16.0);
    /// The footer's disclaimer.
    pub const FOOTER: f64 = em(19.0);
    /// The footer's run identity.
    pub const FOOTER_RUN: f64 = em(18.0);
}

/// Okabe–Ito colours, safe for the common forms of colour blindness.
pub mod okabe_ito {
    use plotters::style::RGBColor;
    /// Black.
    pub const BLACK: RGBColor = RGBColor(0, 0, 0);
    /// Orange.
    pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
    /// Sky blue.
    pub const SKY_BLUE: RGBColor = RGBColor(86, 180, 233);
    /// Bluish green.
    pub const BLUISH_GREEN: RGBColor = RGBColor(0, 158, 115);
    /// Yellow.
    pub const YELLOW: RGBColor = RGBColor(240, 228, 66);
    /// Blue.
    pub const BLUE: RGBColor = RGBColor(0, 114, 178);
    /// Vermillion.
    pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
    /// Reddish purple.
    pub const REDDISH_PURPLE: RGBColor = RGBColor(204, 121, 167);
}

/// Colours of the arms, in the order of the manifest's arms (yellow last: it is faint on white).
const ARM_COLOURS: [RGBColor; 8] = [
    okabe_ito::BLUE,
    okabe_ito::VERMILLION,
    okabe_ito::BLUISH_GREEN,
    okabe_ito::REDDISH_PURPLE,
    okabe_ito::ORANGE,
    okabe_ito::SKY_BLUE,
    okabe_ito::BLACK,
    okabe_ito::YELLOW,
];

/// How a line is stroked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dash {
    /// A solid line.
    Solid,
    /// Dashes of [`DASH`].
    Dashed,
    /// Dots of [`DOT`].
    Dotted,
    /// Long dashes of [`LONG_DASH`].
    LongDashed,
}

/// A marker shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A filled circle.
    Circle,
    /// A filled square.
    Square,
    /// A filled triangle pointing up.
    Triangle,
    /// A filled diamond.
    Diamond,
    /// A filled triangle pointing down.
    TriangleDown,
}

/// How one arm (or one series) is drawn: a colour, a dash and a marker, so that arms differ in
/// greyscale and for colour-blind readers too.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArmStyle {
    /// The Okabe–Ito colour.
    pub colour: RGBColor,
    /// The line's dash.
    pub dash: Dash,
    /// The marker on the line and for the arm's points.
    pub marker: Marker,
}

const DASHES: [Dash; 4] = [Dash::Solid, Dash::Dashed, Dash::Dotted, Dash::LongDashed];
const MARKERS: [Marker; 5] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
    Marker::TriangleDown,
];

/// The style of the arm at this position: colour, dash and marker each cycle, so the first 20
/// arms all differ in dash or marker, and the first eight in colour.
pub fn arm_style(arm_index: usize) -> ArmStyle {
    ArmStyle {
        colour: ARM_COLOURS[arm_index % ARM_COLOURS.len()],
        dash: DASHES[arm_index % DASHES.len()],
        marker: MARKERS[arm_index % MARKERS.len()],
    }
}

/// The colour of the arm at this position.
pub fn arm_colour(arm_index: usize) -> RGBColor {
    arm_style(arm_index).colour
}

/// Dark grey for text that is not data.
pub const TEXT: RGBColor = RGBColor(30, 30, 30);
/// Mid grey for reference lines and neutral legend swatches.
pub const NEUTRAL: RGBColor = RGBColor(110, 110, 110);
/// Light grey for grid lines.
const GRID: RGBColor = RGBColor(225, 225, 225);

/// The embedded font for drawing glyphs directly (see `bitmap.rs`).
pub fn embedded_font() -> &'static ab_glyph::FontRef<'static> {
    static FONT: OnceLock<ab_glyph::FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| {
        ab_glyph::FontRef::try_from_slice(FONT_TTF)
            .expect("the embedded DejaVu Sans is a valid font (checked by a unit test)")
    })
}

/// Registers the embedded font once per process.
pub fn ensure_font() -> Result<(), PlotError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok =
        *REGISTERED.get_or_init(|| register_font(FONT_FAMILY, FontStyle::Normal, FONT_TTF).is_ok());
    if ok { Ok(()) } else { Err(PlotError::Font) }
}

/// Text style of this size and colour in the embedded font.
pub fn text(size_px: f64, colour: RGBColor) -> TextStyle<'static> {
    TextStyle {
        font: (FONT_FAMILY, size_px).into_font(),
        color: colour.to_backend_color(),
        pos: Pos::default(),
    }
}

/// The same, anchored at a position relative to the text.
pub fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// Result of drawing on a backend.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// What a legend entry shows beside its label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    /// No swatch: a heading.
    Heading,
    /// A solid line.
    Line { colour: RGBColor, width: u32 },
    /// A dashed line (short dashes if `dotted`).
    Dashed {
        colour: RGBColor,
        width: u32,
        dotted: bool,
    },
    /// A translucent band.
    Band { colour: RGBColor, opacity: f64 },
    /// A line over a translucent band (a median with its interval).
    LineOnBand { colour: RGBColor },
    /// A filled circle.
    Point { colour: RGBColor },
    /// A filled marker with a vertical whisker (a mean with its interval).
    Whisker { colour: RGBColor },
    /// An arm's line with its dash and marker.
    Arm(ArmStyle),
    /// An arm's marker alone (its subjects' points).
    ArmMarker(ArmStyle),
}

/// One line of the legend panel.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// What is drawn beside the label.
    pub swatch: Swatch,
    /// The label, wrapped to the panel's width.
    pub label: String,
}

impl LegendEntry {
    /// A heading (bold-looking by its own line and no swatch).
    pub fn heading(label: impl Into<String>) -> Self {
        Self {
            swatch: Swatch::Heading,
            label: label.into(),
        }
    }

    /// An entry with a swatch.
    pub fn new(swatch: Swatch, label: impl Into<String>) -> Self {
        Self {
            swatch,
            label: label.into(),
        }
    }
}

/// A plot kind's picture: a subtitle, a legend and the chart itself. The page around it (title,
/// legend panel, footer) is the same for every kind.
pub trait Figure {
    /// What the plot shows, in one line under the scenario title.
    fn subtitle(&self) -> String;

    /// The legend entries, drawn in a panel right of the chart (none: no panel).
    fn legend(&self) -> Vec<LegendEntry>;

    /// Draws the chart into `area`.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB>;

    /// One or two sentences for the handout under the figure: either computed from the data
    /// drawn (what rises, what falls, which intervals miss zero) or a plain description of what
    /// is drawn; never a claim the data do not show.
    fn caption(&self) -> String;
}

/// A figure written to disk.
#[derive(Debug, Clone)]
pub struct Drawn {
    /// The PNG and the SVG file.
    pub files: Vec<PathBuf>,
    /// The figure's caption ([`Figure::caption`]).
    pub caption: String,
}

/// The run's identity shown on every page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageHeader {
    /// Scenario title (first title line).
    pub title: String,
    /// Run identity for the footer's right side, e.g. `cheung2022_combined, seed 2022`.
    pub run: String,
}

/// Marks the start and end of the caption an SVG carries.
const CAPTION_OPEN: &str = "<desc class=\"mgate-caption\">";
const CAPTION_CLOSE: &str = "</desc>";

/// The SVG document with its caption as the root's first `<desc>`: an SVG kept from an earlier
/// rendering brings its caption into a later handout.
fn with_caption(svg: &str, caption: &str) -> String {
    let Some(root_end) = svg
        .find("<svg")
        .and_then(|start| svg[start..].find('>').map(|end| start + end + 1))
    else {
        return svg.to_string();
    };
    let escaped = caption
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "{}\n{CAPTION_OPEN}{escaped}{CAPTION_CLOSE}{}",
        &svg[..root_end],
        &svg[root_end..]
    )
}

/// The caption an SVG written by mgate carries, if it has one.
pub fn caption_of_svg(svg: &str) -> Option<String> {
    let start = svg.find(CAPTION_OPEN)? + CAPTION_OPEN.len();
    let end = start + svg[start..].find(CAPTION_CLOSE)?;
    Some(
        svg[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// Renders a figure to `<out_dir>/<stem>.png` and `<out_dir>/<stem>.svg`.
pub fn write_figure<F: Figure>(
    figure: &F,
    header: &PageHeader,
    out_dir: &Path,
    stem: &str,
) -> Result<Drawn, PlotError> {
    ensure_font()?;
    std::fs::create_dir_all(out_dir).map_err(|source| PlotError::Write {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let png = out_dir.join(format!("{stem}.png"));
    let svg = out_dir.join(format!("{stem}.svg"));
    {
        let root = GlyphBitmap::new(&png, (WIDTH_PX, HEIGHT_PX)).into_drawing_area();
        draw_page(figure, header, &root)
            .and_then(|()| root.present())
            .map_err(|e| draw_error(&png, e))?;
    }
    let mut document = String::new();
    let texts = SvgText::default();
    {
        let root =
            GlyphSvg::new(&mut document, (WIDTH_PX, HEIGHT_PX), texts.clone()).into_drawing_area();
        draw_page(figure, header, &root)
            .and_then(|()| root.present())
            .map_err(|e| draw_error(&svg, e))?;
    }
    let document = texts
        .replace_texts(&document)
        .ok_or_else(|| PlotError::Draw {
            path: svg.clone(),
            source: "the SVG backend wrote texts other than those drawn".into(),
        })?;
    let caption = figure.caption();
    let document = with_caption(&document, &caption);
    std::fs::write(&svg, document).map_err(|source| PlotError::Draw {
        path: svg.clone(),
        source: Box::new(source),
    })?;
    Ok(Drawn {
        files: vec![png, svg],
        caption,
    })
}

fn draw_error<E: std::error::Error + Send + Sync + 'static>(
    path: &Path,
    error: DrawingAreaErrorKind<E>,
) -> PlotError {
    PlotError::Draw {
        path: path.to_path_buf(),
        source: Box::new(error),
    }
}

const TITLE_HEIGHT_PX: u32 = 90;
const FOOTER_HEIGHT_PX: u32 = 44;
const LEGEND_WIDTH_PX: u32 = 370;
const PAGE_MARGIN_PX: i32 = 24;

/// Title on top, footer at the bottom, legend panel on the right, chart in the middle.
fn draw_page<F: Figure, DB: DrawingBackend>(
    figure: &F,
    header: &PageHeader,
    root: &DrawingArea<DB, Shift>,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let (title_area, rest) = root.split_vertically(TITLE_HEIGHT_PX);
    let (body, footer_area) = rest.split_vertically(HEIGHT_PX - TITLE_HEIGHT_PX - FOOTER_HEIGHT_PX);
    draw_title(&title_area, &header.title, &figure.subtitle())?;
    draw_footer(&footer_area, &header.run)?;
    let legend = figure.legend();
    if legend.is_empty() {
        figure.draw(&body)
    } else {
        let (chart, legend_area) = body.split_horizontally(WIDTH_PX - LEGEND_WIDTH_PX);
        figure.draw(&chart)?;
        draw_legend(&legend_area, &legend)
    }
}

fn draw_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> DrawResult<DB> {
    let width = WIDTH_PX as i32 - 2 * PAGE_MARGIN_PX;
    let title_style = text(size::TITLE, TEXT);
    let title = truncate_to_width(area, title, &title_style, width);
    area.draw(&Text::new(
        title,
        (PAGE_MARGIN_PX, 12),
        anchored(title_style, HPos::Left, VPos::Top),
    ))?;
    let subtitle_style = text(size::SUBTITLE, RGBColor(70, 70, 70));
    let subtitle = truncate_to_width(area, &capitalise_first(subtitle), &subtitle_style, width);
    area.draw(&Text::new(
        subtitle,
        (PAGE_MARGIN_PX, 54),
        anchored(subtitle_style, HPos::Left, VPos::Top),
    ))
}

/// The footer: a rule, the disclaimer on the left, the run on the right.
fn draw_footer<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, run: &str) -> DrawResult<DB> {
    area.fill(&RGBColor(244, 244, 244))?;
    area.draw(&PathElement::new(
        [(0, 0), (WIDTH_PX as i32, 0)],
        NEUTRAL.stroke_width(1),
    ))?;
    let middle = FOOTER_HEIGHT_PX as i32 / 2;
    area.draw(&Text::new(
        DISCLAIMER,
        (PAGE_MARGIN_PX, middle),
        anchored(text(size::FOOTER, TEXT), HPos::Left, VPos::Center),
    ))?;
    area.draw(&Text::new(
        run.to_string(),
        (WIDTH_PX as i32 - PAGE_MARGIN_PX, middle),
        anchored(text(size::FOOTER_RUN, NEUTRAL), HPos::Right, VPos::Center),
    ))
}

const SWATCH_WIDTH_PX: i32 = 44;
/// Top of the legend's first line in its panel, pixels.
const LEGEND_TOP_PX: i32 = 24;

/// How densely a legend is set: text size, line height, most lines per entry, gap after an
/// entry. The legend uses the first that fits its panel.
#[derive(Debug, Clone, Copy, PartialEq)]
struct LegendDensity {
    size: f64,
    line_px: i32,
    max_lines: usize,
    gap_px: i32,
}

/// From roomy to dense: long labels lose lines first, then the text shrinks to 16 px.
const LEGEND_DENSITIES: [LegendDensity; 5] = [
    LegendDensity {
        size: size::LEGEND,
        line_px: 26,
        max_lines: 4,
        gap_px: 8,
    },
    LegendDensity {
        size: size::LEGEND,
        line_px: 24,
        max_lines: 3,
        gap_px: 6,
    },
    LegendDensity {
        size: size::LEGEND,
        line_px: 23,
        max_lines: 2,
        gap_px: 5,
    },
    LegendDensity {
        size: size::LEGEND_SMALL,
        line_px: 20,
        max_lines: 2,
        gap_px: 4,
    },
    LegendDensity {
        size: size::LEGEND_SMALL,
        line_px: 20,
        max_lines: 1,
        gap_px: 4,
    },
];

/// One legend entry placed in its panel: its swatch, its lines and the top of its block.
#[derive(Debug, Clone, PartialEq)]
struct PlacedEntry {
    swatch: Swatch,
    lines: Vec<String>,
    top: i32,
}

impl PlacedEntry {
    /// The bottom of the entry's block.
    fn bottom(&self, density: LegendDensity) -> i32 {
        self.top + density.line_px * self.lines.len() as i32
    }
}

/// Places the entries in a panel of `height` pixels at the first density at which they all fit;
/// if none does, at the densest, with the entries that do not fit replaced by one line saying
/// how many were left out. Nothing is placed below `height`.
fn place_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    height: i32,
) -> (LegendDensity, Vec<PlacedEntry>) {
    let label_width = LEGEND_WIDTH_PX as i32 - (8 + SWATCH_WIDTH_PX + 10) - PAGE_MARGIN_PX;
    let place = |density: LegendDensity| {
        let style = text(density.size, TEXT);
        let mut y = LEGEND_TOP_PX;
        let mut placed: Vec<PlacedEntry> = Vec::with_capacity(entries.len());
        for entry in entries {
            let width = match entry.swatch {
                Swatch::Heading => label_width + SWATCH_WIDTH_PX + 10,
                _ => label_width,
            };
            if matches!(entry.swatch, Swatch::Heading) && y > LEGEND_TOP_PX {
                y += density.gap_px + 4;
            }
            let lines = wrap_lines(area, &entry.label, &style, width, density.max_lines);
            let placed_entry = PlacedEntry {
                swatch: entry.swatch,
                top: y,
                lines,
            };
            y = placed_entry.bottom(density) + density.gap_px;
            placed.push(placed_entry);
        }
        placed
    };
    for density in LEGEND_DENSITIES {
        let placed = place(density);
        if placed.last().is_none_or(|p| p.bottom(density) <= height) {
            return (density, placed);
        }
    }
    let density = LEGEND_DENSITIES[LEGEND_DENSITIES.len() - 1];
    let mut placed = place(density);
    // Drop entries until a line for the note fits below the last one kept.
    while placed
        .last()
        .is_some_and(|p| p.bottom(density) + density.gap_px + density.line_px > height)
    {
        placed.pop();
    }
    let left_out = entries.len() - placed.len();
    let top = placed
        .last()
        .map_or(LEGEND_TOP_PX, |p| p.bottom(density) + density.gap_px);
    placed.push(PlacedEntry {
        swatch: Swatch::Heading,
        lines: vec![format!("… {left_out} more not shown")],
        top,
    });
    (density, placed)
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
) -> DrawResult<DB> {
    let (_, height) = area.dim_in_pixel();
    let (density, placed) = place_legend(area, entries, height as i32);
    let left = 8;
    let label_left = left + SWATCH_WIDTH_PX + 10;
    let style = text(density.size, TEXT);
    for entry in placed {
        let x = match entry.swatch {
            Swatch::Heading => left,
            _ => label_left,
        };
        draw_swatch(area, entry.swatch, (left, entry.top + density.line_px / 2))?;
        for (i, line) in entry.lines.into_iter().enumerate() {
            area.draw(&Text::new(
                line,
                (
                    x,
                    entry.top + i as i32 * density.line_px + density.line_px / 2,
                ),
                anchored(style.clone(), HPos::Left, VPos::Center),
            ))?;
        }
    }
    Ok(())
}

fn draw_swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    swatch: Swatch,
    (x, y): (i32, i32),
) -> DrawResult<DB> {
    let right = x + SWATCH_WIDTH_PX;
    match swatch {
        Swatch::Heading => Ok(()),
        Swatch::Line { colour, width } => area.draw(&PathElement::new(
            [(x, y), (right, y)],
            colour.stroke_width(width),
        )),
        Swatch::Dashed {
            colour,
            width,
            dotted,
        } => {
            let dash = if dotted { Dash::Dotted } else { Dash::Dashed };
            draw_dashed_pixels(area, [(x, y), (right, y)], dash, colour.stroke_width(width))
        }
        Swatch::Band { colour, opacity } => area.draw(&Rectangle::new(
            [(x, y - 9), (right, y + 9)],
            colour.mix(opacity).filled(),
        )),
        Swatch::LineOnBand { colour } => {
            area.draw(&Rectangle::new(
                [(x, y - 10), (right, y + 10)],
                colour.mix(BAND_90_OPACITY).filled(),
            ))?;
            area.draw(&Rectangle::new(
                [(x, y - 5), (right, y + 5)],
                colour.mix(BAND_50_OPACITY).filled(),
            ))?;
            area.draw(&PathElement::new(
                [(x, y), (right, y)],
                colour.stroke_width(3),
            ))
        }
        Swatch::Point { colour } => area.draw(&Circle::new(
            (x + SWATCH_WIDTH_PX / 2, y),
            5,
            colour.mix(0.6).filled(),
        )),
        Swatch::Arm(arm) => {
            draw_dashed_pixels(
                area,
                [(x, y), (right, y)],
                arm.dash,
                arm.colour.stroke_width(3),
            )?;
            draw_marker_at(
                area,
                (x + SWATCH_WIDTH_PX / 2, y),
                arm.marker,
                6,
                arm.colour,
            )
        }
        Swatch::ArmMarker(arm) => draw_marker_at(
            area,
            (x + SWATCH_WIDTH_PX / 2, y),
            arm.marker,
            6,
            arm.colour,
        ),
        Swatch::Whisker { colour } => {
            let centre = x + SWATCH_WIDTH_PX / 2;
            area.draw(&PathElement::new(
                [(centre, y - 11), (centre, y + 11)],
                colour.stroke_width(2),
            ))?;
            area.draw(&Rectangle::new(
                [(centre - 6, y - 6), (centre + 6, y + 6)],
                colour.filled(),
            ))
        }
    }
}

/// Dash and gap lengths of a dashed line, pixels.
pub const DASH: (i32, i32) = (12, 7);
/// Dash and gap lengths of a dotted line, pixels.
pub const DOT: (i32, i32) = (3, 5);
/// Dash and gap lengths of a long-dashed line, pixels.
pub const LONG_DASH: (i32, i32) = (26, 8);

impl Dash {
    /// Dash and gap lengths, pixels (`None` for a solid line).
    pub fn pattern(self) -> Option<(i32, i32)> {
        match self {
            Self::Solid => None,
            Self::Dashed => Some(DASH),
            Self::Dotted => Some(DOT),
            Self::LongDashed => Some(LONG_DASH),
        }
    }
}

/// Draws a segment between two pixels with a dash.
fn draw_dashed_pixels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    [(x0, y0), (x1, y1)]: [(i32, i32); 2],
    dash: Dash,
    style: ShapeStyle,
) -> DrawResult<DB> {
    let Some((on, off)) = dash.pattern() else {
        return area.draw(&PathElement::new([(x0, y0), (x1, y1)], style));
    };
    let length = f64::from((x1 - x0).pow(2) + (y1 - y0).pow(2)).sqrt();
    let at = |d: f64| {
        let t = if length > 0.0 { d / length } else { 0.0 };
        (
            x0 + (t * f64::from(x1 - x0)).round() as i32,
            y0 + (t * f64::from(y1 - y0)).round() as i32,
        )
    };
    let mut start = 0.0;
    while start < length {
        let end = (start + f64::from(on)).min(length);
        area.draw(&PathElement::new([at(start), at(end)], style))?;
        start = end + f64::from(off);
    }
    Ok(())
}

/// Draws a marker of half-width `radius` pixels centred at a pixel, on a white halo so that it
/// stands out from lines and bands below it.
fn draw_marker_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    centre: (i32, i32),
    marker: Marker,
    radius: i32,
    colour: RGBColor,
) -> DrawResult<DB> {
    area.draw(&(EmptyElement::at(centre) + marker_shape(marker, radius + 2, WHITE.filled())))?;
    area.draw(&(EmptyElement::at(centre) + marker_shape(marker, radius, colour.filled())))
}

/// A marker's outline as a polygon around (0, 0), in pixels.
fn marker_shape(marker: Marker, r: i32, style: ShapeStyle) -> Polygon<(i32, i32)> {
    let points = match marker {
        Marker::Circle => (0..16)
            .map(|k| {
                let a = f64::from(k) * std::f64::consts::TAU / 16.0;
                (
                    (f64::from(r) * a.cos()).round() as i32,
                    (f64::from(r) * a.sin()).round() as i32,
                )
            })
            .collect(),
        Marker::Square => {
            let r = (f64::from(r) * 0.85).round() as i32;
            vec![(-r, -r), (r, -r), (r, r), (-r, r)]
        }
        Marker::Triangle => vec![(0, -r - 1), (r + 1, r - 1), (-r - 1, r - 1)],
        Marker::TriangleDown => vec![(0, r + 1), (r + 1, -r + 1), (-r - 1, -r + 1)],
        Marker::Diamond => {
            let r = r + 1;
            vec![(0, -r), (r, 0), (0, r), (-r, 0)]
        }
    };
    Polygon::new(points, style)
}

/// Chart coordinates of two continuous axes.
pub type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A chart of continuous axes in the house layout (margin, room for tick labels and axis
/// descriptions); `compact` leaves less room, for small multiples.
pub fn chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    x: (f64, f64),
    y: (f64, f64),
    compact: bool,
) -> Result<Chart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let (margin, x_area, y_area) = if compact {
        (CHART_MARGIN_PX / 2, 36, 72)
    } else {
        (CHART_MARGIN_PX, X_LABEL_AREA_PX, Y_LABEL_AREA_PX)
    };
    ChartBuilder::on(area)
        .margin(margin)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(x.0..x.1, y.0..y.1)
}

/// Draws a line through data points in an arm's colour and dash, `width` pixels wide, with the
/// arm's marker at up to `markers` of its points (spread evenly, and shifted by the arm's
/// position `stagger` so that the markers of arms on top of each other do not coincide).
pub fn draw_arm_line<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    points: &[(f64, f64)],
    arm: ArmStyle,
    width: u32,
    markers: usize,
    stagger: usize,
) -> DrawResult<DB> {
    let style = arm.colour.stroke_width(width);
    match arm.dash.pattern() {
        None => {
            chart.draw_series(LineSeries::new(points.iter().copied(), style))?;
        }
        Some((on, off)) => {
            chart.draw_series(DashedLineSeries::new(
                points.iter().copied(),
                on,
                off,
                style,
            ))?;
        }
    }
    if markers == 0 || points.is_empty() {
        return Ok(());
    }
    let every = points.len().div_ceil(markers).max(1);
    let offset = (stagger * every.div_ceil(3).max(1)) % every;
    for &p in points.iter().skip(offset).step_by(every) {
        draw_marker(chart, p, arm, 6)?;
    }
    Ok(())
}

/// Draws an arm's marker (half-width `radius` pixels) at a data point, on a white halo.
pub fn draw_marker<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    at: (f64, f64),
    arm: ArmStyle,
    radius: i32,
) -> DrawResult<DB> {
    chart.draw_series([
        EmptyElement::at(at) + marker_shape(arm.marker, radius + 2, WHITE.filled()),
        EmptyElement::at(at) + marker_shape(arm.marker, radius, arm.colour.filled()),
    ])?;
    Ok(())
}

/// Draws data points as small, light markers of an arm (the subjects under a mean).
pub fn draw_points<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    points: &[(f64, f64)],
    arm: ArmStyle,
) -> DrawResult<DB> {
    chart.draw_series(points.iter().map(|&p| {
        EmptyElement::at(p) + marker_shape(arm.marker, 3, arm.colour.mix(0.35).filled())
    }))?;
    Ok(())
}

/// Height of a panel's title strip, pixels.
const PANEL_TITLE_PX: u32 = 50;

/// One panel of small multiples: its title strip and its chart area.
pub struct Panel<DB: DrawingBackend> {
    /// The strip for the title.
    pub title: DrawingArea<DB, Shift>,
    /// The chart below it.
    pub chart: DrawingArea<DB, Shift>,
}

/// Room left of and below a grid of panels for the shared axis descriptions, pixels.
const PANEL_AXIS_DESC_PX: u32 = 34;

/// Splits `area` into `count` panels, `columns` at most per row (the last row may be short),
/// and writes the axes' descriptions once for all of them: `y_desc` left of the grid, `x_desc`
/// below it. The panels' charts then need room for tick labels only (see [`chart`] with
/// `compact`, and [`draw_panel_mesh`]).
pub fn panel_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    count: usize,
    columns: usize,
    x_desc: &str,
    y_desc: &str,
) -> Result<Vec<Panel<DB>>, DrawingAreaErrorKind<DB::ErrorType>> {
    let (width, height) = area.dim_in_pixel();
    let (left, rest) = area.split_horizontally(PANEL_AXIS_DESC_PX);
    let (grid, bottom) = rest.split_vertically(height.saturating_sub(PANEL_AXIS_DESC_PX));
    let style = text(size::AXIS, TEXT);
    let y_text = truncate_to_width(area, y_desc, &style, height as i32 - 20);
    left.draw(&Text::new(
        y_text,
        (PANEL_AXIS_DESC_PX as i32 / 2, height as i32 / 2),
        anchored(style.clone(), HPos::Center, VPos::Center).transform(FontTransform::Rotate270),
    ))?;
    let x_text = truncate_to_width(area, x_desc, &style, width as i32 - 20);
    bottom.draw(&Text::new(
        x_text,
        (
            (width - PANEL_AXIS_DESC_PX) as i32 / 2,
            PANEL_AXIS_DESC_PX as i32 / 2,
        ),
        anchored(style, HPos::Center, VPos::Center),
    ))?;
    let columns = count.clamp(1, columns.max(1));
    let rows = count.div_ceil(columns).max(1);
    Ok(grid
        .split_evenly((rows, columns))
        .into_iter()
        .take(count)
        .map(|cell| {
            let (title, chart) = cell.split_vertically(PANEL_TITLE_PX);
            Panel { title, chart }
        })
        .collect())
}

/// Draws the grid, axes and tick labels of a panel's chart (fewer ticks than [`draw_mesh`],
/// no descriptions: [`panel_grid`] writes those once).
pub fn draw_panel_mesh<DB: DrawingBackend>(chart: &mut Chart<'_, DB>) -> DrawResult<DB> {
    chart
        .configure_mesh()
        .label_style(text(size::TICK, TEXT))
        .x_label_formatter(&tick)
        .y_label_formatter(&tick)
        .x_labels(5)
        .y_labels(5)
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(NEUTRAL.stroke_width(1))
        .draw()
}

/// Draws a panel's title, up to two lines, after the swatch of what the panel shows.
pub fn draw_panel_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    label: &str,
    swatch: Swatch,
) -> DrawResult<DB> {
    let (width, _) = area.dim_in_pixel();
    let style = text(size::TICK, TEXT);
    let left = 12;
    let text_left = left + SWATCH_WIDTH_PX + 8;
    let lines = wrap_lines(area, label, &style, width as i32 - text_left - 8, 2);
    draw_swatch(area, swatch, (left, 14))?;
    for (i, line) in lines.into_iter().enumerate() {
        area.draw(&Text::new(
            line,
            (text_left, 14 + 23 * i as i32),
            anchored(style.clone(), HPos::Left, VPos::Center),
        ))?;
    }
    Ok(())
}

/// Opacity of the 90% band of a time course.
pub const BAND_90_OPACITY: f64 = 0.10;
/// Opacity of the 50% band of a time course.
pub const BAND_50_OPACITY: f64 = 0.22;

/// Most lines a wrapped label takes; the last of them ends with an ellipsis if the text goes on.
pub const MAX_WRAPPED_LINES: usize = 4;

/// Splits `text` at spaces into lines no wider than `width` pixels, at most
/// [`MAX_WRAPPED_LINES`] of them (see [`wrap_lines`]).
pub fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    width: i32,
) -> Vec<String> {
    wrap_lines(area, text, style, width, MAX_WRAPPED_LINES)
}

/// Splits `text` at spaces into lines no wider than `width` pixels, at most `max_lines` of them
/// (no-break spaces hold words together; a word too wide for a line, or text past the last line,
/// is cut with an ellipsis).
pub fn wrap_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    width: i32,
    max_lines: usize,
) -> Vec<String> {
    let max_lines = max_lines.max(1);
    let fits = |candidate: &str| {
        area.estimate_text_size(candidate, style)
            .map(|(w, _)| w as i32 <= width)
            .unwrap_or(true)
    };
    // A glyph is at least a pixel wide: no more characters than that can be drawn.
    let drawable: String = text
        .chars()
        .take(max_lines * width.max(1) as usize + 1)
        .collect();
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut cut = drawable.len() < text.len();
    for word in drawable.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || fits(&candidate) {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
            if lines.len() == max_lines {
                cut = true;
                break;
            }
        }
    }
    if (!line.is_empty() && lines.len() < max_lines) || lines.is_empty() {
        lines.push(line);
    }
    let last = lines.len() - 1;
    for (i, line) in lines.iter_mut().enumerate() {
        if i == last && cut {
            *line = truncate_to_width(area, &format!("{line} …"), style, width);
        } else if !fits(line) {
            *line = truncate_to_width(area, line, style, width);
        }
    }
    lines
}

/// `text` with its first letter in upper case (a subtitle may start with a label such as
/// "soft-tissue Mg").
fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` shortened with an ellipsis until it fits `width` pixels (found by bisection, so a
/// long text costs a few measurements, not one per character).
pub fn truncate_to_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    width: i32,
) -> String {
    let fits = |candidate: &str| {
        area.estimate_text_size(candidate, style)
            .map(|(w, _)| w as i32 <= width)
            .unwrap_or(true)
    };
    // A glyph is at least a pixel wide: no more characters than that can be drawn.
    let chars: Vec<char> = text.chars().take(width.max(0) as usize + 1).collect();
    if chars.len() <= width.max(0) as usize && fits(text) {
        return text.to_string();
    }
    let shortened = |keep: usize| {
        let kept: String = chars[..keep].iter().collect();
        format!("{}…", kept.trim_end())
    };
    // The longest prefix that fits with its ellipsis: `low` fits (or is 0), `high` does not.
    let (mut low, mut high) = (0, chars.len());
    while high - low > 1 {
        let middle = (low + high) / 2;
        if fits(&shortened(middle)) {
            low = middle;
        } else {
            high = middle;
        }
    }
    if low == 0 && !fits(&shortened(0)) {
        return String::new();
    }
    shortened(low)
}

/// Space below the chart for tick labels and the x-axis description, pixels.
pub const X_LABEL_AREA_PX: u32 = 80;
/// Space left of the chart for tick labels and the y-axis description, pixels.
pub const Y_LABEL_AREA_PX: u32 = 120;
/// Margin around each chart, pixels.
pub const CHART_MARGIN_PX: u32 = 18;

/// Draws the grid, axes, ticks and axis descriptions of a chart in the house style.
pub fn draw_mesh<DB, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    x_desc: &str,
    y_desc: &str,
) -> DrawResult<DB>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .axis_desc_style(text(size::AXIS, TEXT))
        .label_style(text(size::TICK, TEXT))
        .x_label_formatter(&tick)
        .y_label_formatter(&tick)
        .x_labels(8)
        .y_labels(7)
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(NEUTRAL.stroke_width(1))
        .draw()
}

/// A tick label: as few decimals as the value needs (up to four), no `-0`.
pub fn tick(value: &f64) -> String {
    let magnitude = value.abs();
    let decimals = if magnitude == 0.0 || magnitude >= 100.0 {
        0
    } else if magnitude >= 10.0 {
        1
    } else if magnitude >= 1.0 {
        2
    } else if magnitude >= 0.01 {
        3
    } else {
        4
    };
    let formatted = format!("{value:.decimals$}");
    let trimmed = if formatted.contains('.') {
        formatted.trim_end_matches('0').trim_end_matches('.')
    } else {
        &formatted
    };
    if trimmed == "-0" {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

/// A padded axis range around finite data: 6% on each side, and a sensible width when all values
/// are equal (every subject identical, a flat line).
pub fn padded_range(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.into_iter().filter(|v| v.is_finite()) {
        low = low.min(v);
        high = high.max(v);
    }
    if !low.is_finite() {
        return (0.0, 1.0);
    }
    let span = high - low;
    if span <= 1e-9 * low.abs().max(1.0) {
        let half = (low.abs() * 0.05).max(0.5);
        return (low - half, high + half);
    }
    (low - 0.06 * span, high + 0.06 * span)
}

/// Draws a horizontal reference line across the chart at `y`.
pub fn horizontal_line<DB, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    y: f64,
    style: ShapeStyle,
) -> DrawResult<DB>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let x = chart.x_range();
    chart.draw_series(std::iter::once(PathElement::new(
        [(x.start, y), (x.end, y)],
        style,
    )))?;
    Ok(())
}

/// Draws a vertical reference line across the chart at `x`.
pub fn vertical_line<DB, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    x: f64,
    style: ShapeStyle,
) -> DrawResult<DB>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let y = chart.y_range();
    chart.draw_series(std::iter::once(PathElement::new(
        [(x, y.start), (x, y.end)],
        style,
    )))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_short_and_have_no_negative_zero() {
        assert_eq!(tick(&0.0), "0");
        assert_eq!(tick(&-0.0001), "-0.0001");
        assert_eq!(tick(&-0.00001), "0");
        assert_eq!(tick(&0.85), "0.85");
        assert_eq!(tick(&12.5), "12.5");
        assert_eq!(tick(&120.0), "120");
        assert_eq!(tick(&2.0), "2");
    }

    #[test]
    fn subtitles_start_with_a_capital() {
        assert_eq!(capitalise_first("soft-tissue Mg"), "Soft-tissue Mg");
        assert_eq!(capitalise_first("25(OH)D"), "25(OH)D");
        assert_eq!(capitalise_first(""), "");
    }

    #[test]
    fn padded_range_handles_flat_and_empty_data() {
        assert_eq!(padded_range([]), (0.0, 1.0));
        let (low, high) = padded_range([20.0, 20.0]);
        assert!(low < 20.0 && high > 20.0);
        let (low, high) = padded_range([0.0, 100.0]);
        assert!((low + 6.0).abs() < 1e-12 && (high - 106.0).abs() < 1e-12);
    }

    #[test]
    fn long_labels_are_cut_to_fit_with_an_ellipsis_and_at_most_four_lines() {
        use plotters::prelude::{IntoDrawingArea, SVGBackend};
        ensure_font().unwrap();
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (400, 100)).into_drawing_area();
        let style = text(16.0, RGBColor(0, 0, 0));
        let fits = |t: &str| area.estimate_text_size(t, &style).unwrap().0 <= 300;
        let long = "x".repeat(40_000);
        let cut = truncate_to_width(&area, &long, &style, 300);
        assert!(cut.ends_with('…') && fits(&cut), "{cut}");
        // One more character would not fit.
        let longer = format!("{}x…", cut.trim_end_matches('…'));
        assert!(!fits(&longer));
        assert_eq!(truncate_to_width(&area, "short", &style, 300), "short");
        let words = "word ".repeat(10_000);
        let lines = wrap(&area, &words, &style, 300);
        assert_eq!(lines.len(), MAX_WRAPPED_LINES);
        assert!(lines[3].ends_with('…') && lines.iter().all(|l| fits(l)));
        let lines = wrap(&area, &long, &style, 300);
        assert!(lines.len() == 1 && fits(&lines[0]));
    }

    #[test]
    fn a_legend_of_eight_long_arms_fits_its_panel_on_a_slide() {
        use plotters::prelude::{IntoDrawingArea, SVGBackend};
        ensure_font().unwrap();
        let mut svg = String::new();
        let height = HEIGHT_PX - TITLE_HEIGHT_PX - FOOTER_HEIGHT_PX;
        let area = SVGBackend::with_string(&mut svg, (LEGEND_WIDTH_PX, height)).into_drawing_area();
        let label = "80 mg/day Mg diet; Mg glycinate 400 mg/day from day 182; D3 50,000 IU weekly from day 238";
        let mut entries = vec![LegendEntry::heading("Arms: median and p25–p75 band")];
        entries.extend((0..8).map(|i| LegendEntry::new(Swatch::Arm(arm_style(i)), label)));
        let (density, placed) = place_legend(&area, &entries, height as i32);
        assert_eq!(placed.len(), entries.len(), "every arm is listed");
        assert!(placed.iter().all(|p| p.bottom(density) <= height as i32));
        assert!(density.size >= size::LEGEND_SMALL);
        // Far too many entries: those that fit, then a line saying how many are left out.
        let many: Vec<LegendEntry> = (0..40)
            .map(|i| LegendEntry::new(Swatch::Arm(arm_style(i)), label))
            .collect();
        let (density, placed) = place_legend(&area, &many, height as i32);
        let note = placed.last().unwrap();
        assert!(note.lines[0].contains("more not shown"), "{:?}", note.lines);
        assert!(placed.iter().all(|p| p.bottom(density) <= height as i32));
    }

    #[test]
    fn arms_differ_in_dash_or_marker_as_well_as_colour() {
        for i in 0..8 {
            for j in 0..i {
                let (a, b) = (arm_style(i), arm_style(j));
                assert!(a.colour != b.colour, "arms {i} and {j} share a colour");
                assert!(
                    a.dash != b.dash || a.marker != b.marker,
                    "arms {i} and {j} look alike in greyscale"
                );
            }
        }
    }

    #[test]
    fn the_embedded_font_registers_and_parses() {
        ensure_font().unwrap();
        let _ = embedded_font();
    }
}
