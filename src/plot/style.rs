//! The shared look of every plot: the embedded font, the Okabe–Ito colours, text sizes, and the
//! page around each chart (title, legend panel, footer with the disclaimer).
//!
//! A plot kind only draws its chart into the area it is given (see [`Figure`]); [`write_figure`]
//! lays out the page and writes the same picture as PNG and as SVG.

use super::PlotError;
use super::bitmap::GlyphBitmap;
use crate::DISCLAIMER;
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, register_font};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Width of every plot, pixels.
pub const WIDTH_PX: u32 = 1280;
/// Height of every plot, pixels.
pub const HEIGHT_PX: u32 = 800;

/// DejaVu Sans, embedded so that rendering needs no system font (licence in
/// `assets/DejaVu-LICENSE.txt`).
const FONT_TTF: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");
/// The family name the embedded font is registered under; SVG files name it too, so a viewer
/// without DejaVu Sans falls back to its own sans-serif font.
pub const FONT_FAMILY: &str = "sans-serif";

/// Text sizes, chosen to stay readable on a projector: no text is smaller than 18 px.
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
const ARM_COLOURS: [RGBColor; 7] = [
    okabe_ito::BLUE,
    okabe_ito::VERMILLION,
    okabe_ito::BLUISH_GREEN,
    okabe_ito::REDDISH_PURPLE,
    okabe_ito::ORANGE,
    okabe_ito::SKY_BLUE,
    okabe_ito::YELLOW,
];

/// The colour of the arm at this position (colours repeat after seven arms).
pub fn arm_colour(arm_index: usize) -> RGBColor {
    ARM_COLOURS[arm_index % ARM_COLOURS.len()]
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
}

/// The run's identity shown on every page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageHeader {
    /// Scenario title (first title line).
    pub title: String,
    /// Run identity for the footer's right side, e.g. `cheung2022_combined, seed 2022`.
    pub run: String,
}

/// Renders a figure to `<out_dir>/<stem>.png` and `<out_dir>/<stem>.svg`.
pub fn write_figure<F: Figure>(
    figure: &F,
    header: &PageHeader,
    out_dir: &Path,
    stem: &str,
) -> Result<Vec<PathBuf>, PlotError> {
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
    {
        let root = SVGBackend::new(&svg, (WIDTH_PX, HEIGHT_PX)).into_drawing_area();
        draw_page(figure, header, &root)
            .and_then(|()| root.present())
            .map_err(|e| draw_error(&svg, e))?;
    }
    Ok(vec![png, svg])
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

const TITLE_HEIGHT_PX: u32 = 100;
const FOOTER_HEIGHT_PX: u32 = 48;
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
        (PAGE_MARGIN_PX, 14),
        anchored(title_style, HPos::Left, VPos::Top),
    ))?;
    let subtitle_style = text(size::SUBTITLE, RGBColor(70, 70, 70));
    let subtitle = truncate_to_width(area, &capitalise_first(subtitle), &subtitle_style, width);
    area.draw(&Text::new(
        subtitle,
        (PAGE_MARGIN_PX, 60),
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
const LEGEND_LINE_PX: i32 = 26;

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
) -> DrawResult<DB> {
    let left = 8;
    let label_left = left + SWATCH_WIDTH_PX + 10;
    let label_width = LEGEND_WIDTH_PX as i32 - label_left - PAGE_MARGIN_PX;
    let mut y = 30;
    for entry in entries {
        let (style, x, width) = match entry.swatch {
            Swatch::Heading => (text(size::LEGEND, TEXT), left, label_width + label_left),
            _ => (text(size::LEGEND, TEXT), label_left, label_width),
        };
        if matches!(entry.swatch, Swatch::Heading) && y > 30 {
            y += 12;
        }
        let lines = wrap(area, &entry.label, &style, width);
        let block_height = LEGEND_LINE_PX * lines.len() as i32;
        draw_swatch(area, entry.swatch, (left, y + LEGEND_LINE_PX / 2))?;
        for (i, line) in lines.into_iter().enumerate() {
            area.draw(&Text::new(
                line,
                (x, y + i as i32 * LEGEND_LINE_PX + LEGEND_LINE_PX / 2),
                anchored(style.clone(), HPos::Left, VPos::Center),
            ))?;
        }
        y += block_height + 8;
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
            let (dash, gap) = if dotted { DOT } else { DASH };
            let mut start = x;
            while start < right {
                let end = (start + dash).min(right);
                area.draw(&PathElement::new(
                    [(start, y), (end, y)],
                    colour.stroke_width(width),
                ))?;
                start = end + gap;
            }
            Ok(())
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

/// Opacity of the 90% band of a time course.
pub const BAND_90_OPACITY: f64 = 0.10;
/// Opacity of the 50% band of a time course.
pub const BAND_50_OPACITY: f64 = 0.22;

/// Most lines a wrapped label takes; the last of them ends with an ellipsis if the text goes on.
pub const MAX_WRAPPED_LINES: usize = 4;

/// Splits `text` at spaces into lines no wider than `width` pixels, at most
/// [`MAX_WRAPPED_LINES`] of them (no-break spaces hold words together; a word too wide for a
/// line, or text past the last line, is cut with an ellipsis).
pub fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    width: i32,
) -> Vec<String> {
    let fits = |candidate: &str| {
        area.estimate_text_size(candidate, style)
            .map(|(w, _)| w as i32 <= width)
            .unwrap_or(true)
    };
    // A glyph is at least a pixel wide: no more characters than that can be drawn.
    let drawable: String = text
        .chars()
        .take(MAX_WRAPPED_LINES * width.max(1) as usize + 1)
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
            if lines.len() == MAX_WRAPPED_LINES {
                cut = true;
                break;
            }
        }
    }
    if (!line.is_empty() && lines.len() < MAX_WRAPPED_LINES) || lines.is_empty() {
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
    fn the_embedded_font_registers_and_parses() {
        ensure_font().unwrap();
        let _ = embedded_font();
    }
}
