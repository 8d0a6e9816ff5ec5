// Draws images/icon.png (128x128): a storage cylinder on the Kubernetes blue, encoded with pngjs.
// usage: node scripts/make-icon.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { PNG } from 'pngjs';

const N = 128;
const SS = 4; // supersampling per axis
const BLUE = [50, 108, 229];
const WHITE = [255, 255, 255];
const PALE = [214, 226, 250];

function roundedSquare(x, y) {
  const r = 24, lo = 4 + r, hi = 124 - r;
  const dx = Math.max(lo - x, 0, x - hi), dy = Math.max(lo - y, 0, y - hi);
  return dx * dx + dy * dy <= r * r;
}
const inEllipse = (x, y, cx, cy, rx, ry) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

// Returns the colour at a point, or null for transparent.
function shade(x, y) {
  if (!roundedSquare(x, y)) return null;
  const cx = 64, rx = 32, ry = 11, top = 38, bottom = 92;
  const body = x >= cx - rx && x <= cx + rx && y >= top && y <= bottom;
  const inside = body || inEllipse(x, y, cx, bottom, rx, ry) || inEllipse(x, y, cx, top, rx, ry);
  if (!inside) return BLUE;
  if (inEllipse(x, y, cx, top, rx - 3, ry - 3)) return PALE; // the lid
  for (const band of [top, top + 18, top + 36]) {
    // the blue rim under the lid and under each disk band
    if (inEllipse(x, y, cx, band + 3, rx, ry) && !inEllipse(x, y, cx, band, rx, ry) && y > band) return BLUE;
  }
  return WHITE;
}

const image = new PNG({ width: N, height: N });
for (let py = 0; py < N; py++) {
  for (let px = 0; px < N; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) for (let sx = 0; sx < SS; sx++) {
      const c = shade(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
      if (c) { r += c[0]; g += c[1]; b += c[2]; a++; }
    }
    const o = (py * N + px) * 4;
    image.data[o] = a ? Math.round(r / a) : 0;
    image.data[o + 1] = a ? Math.round(g / a) : 0;
    image.data[o + 2] = a ? Math.round(b / a) : 0;
    image.data[o + 3] = Math.round((255 * a) / (SS * SS));
  }
}

const png = PNG.sync.write(image, { deflateLevel: 9 });
mkdirSync(new URL('../images/', import.meta.url), { recursive: true });
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
