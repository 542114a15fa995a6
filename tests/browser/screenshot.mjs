// Renders mgate handouts (report.html) and plot SVGs in headless Chromium at slide size
// (1280x720), saves a PNG screenshot of each, and checks what a reader must see:
// every <figure> of a handout holds a drawing of nonzero size, the disclaimer is visible,
// and an SVG shown alone fills the page with its text drawn (as glyph outlines).
//
// Usage: node screenshot.mjs OUT_DIR PAGE...   (each PAGE a report.html or a .svg file)
// Exit code 1 if any check fails. Needs Debian's chromium at /usr/bin/chromium (or
// CHROMIUM=/path) and playwright-core (npm install in this folder).

import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const DISCLAIMER = "Illustrative toy model: not calibrated, not medical advice";
const [outDir, ...pages] = process.argv.slice(2);
if (!outDir || pages.length === 0) {
  console.error("usage: node screenshot.mjs OUT_DIR PAGE...");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
const failures = [];

for (const file of pages) {
  const path = resolve(file);
  // `base_report` for a handout, `six_arms_time_course_...` for a plot.
  const folder = path.endsWith(".svg") ? basename(dirname(dirname(path))) : basename(dirname(path));
  const name = `${folder}_${basename(path).replace(/\.(html|svg)$/, "")}`.replace(/[^A-Za-z0-9_.-]/g, "_");
  await page.goto(pathToFileURL(path).href);
  if (path.endsWith(".svg")) {
    const check = await page.evaluate((disclaimer) => {
      const svg = document.querySelector("svg");
      const box = svg.getBoundingClientRect();
      const labels = [...svg.querySelectorAll("g[aria-label]")].map((g) => g.getAttribute("aria-label"));
      const footer = [...svg.querySelectorAll("g[aria-label]")].find((g) => g.getAttribute("aria-label") === disclaimer);
      const footerBox = footer ? footer.getBoundingClientRect() : null;
      return {
        width: box.width,
        height: box.height,
        texts: svg.querySelectorAll("text").length,
        labels: labels.length,
        disclaimer: footerBox !== null && footerBox.width > 100 && footerBox.bottom <= box.bottom,
      };
    }, DISCLAIMER);
    if (check.width < 1279 || check.height < 719) failures.push(`${file}: drawn ${check.width}x${check.height}`);
    if (check.texts > 0) failures.push(`${file}: ${check.texts} <text> element(s) depend on the viewer's fonts`);
    if (check.labels === 0) failures.push(`${file}: no text drawn`);
    if (!check.disclaimer) failures.push(`${file}: the disclaimer is not drawn on the page`);
    await page.screenshot({ path: join(outDir, `${name}.png`) });
  } else {
    const check = await page.evaluate((disclaimer) => {
      const figures = [...document.querySelectorAll("figure")].map((f) => {
        const drawing = f.querySelector("svg, img");
        const box = drawing ? drawing.getBoundingClientRect() : { width: 0, height: 0 };
        const caption = f.querySelector("figcaption");
        return { width: box.width, height: box.height, caption: caption ? caption.textContent : "" };
      });
      const banner = document.querySelector(".disclaimer");
      const bannerBox = banner ? banner.getBoundingClientRect() : null;
      const style = banner ? getComputedStyle(banner) : null;
      return {
        figures,
        disclaimer:
          banner !== null &&
          banner.textContent.includes(disclaimer) &&
          bannerBox.top < window.innerHeight &&
          bannerBox.height > 0 &&
          style.visibility !== "hidden" &&
          style.display !== "none",
        backticks: document.body.innerText.includes("`"),
      };
    }, DISCLAIMER);
    if (check.figures.length === 0) failures.push(`${file}: no figures`);
    check.figures.forEach((f, i) => {
      if (!(f.width > 0 && f.height > 0)) failures.push(`${file}: figure ${i + 1} has no drawing`);
      if (!f.caption.trim()) failures.push(`${file}: figure ${i + 1} has no caption`);
    });
    if (!check.disclaimer) failures.push(`${file}: the disclaimer is not visible on the first screen`);
    if (check.backticks) failures.push(`${file}: raw backticks in the text`);
    await page.screenshot({ path: join(outDir, `${name}.png`) });
    await page.screenshot({ path: join(outDir, `${name}_full.png`), fullPage: true });
    console.log(`${file}: ${check.figures.length} figure(s)`);
  }
}
await browser.close();
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log(`checked ${pages.length} page(s); screenshots in ${outDir}`);
