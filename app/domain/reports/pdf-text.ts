// Reads the text back out of an uncompressed pdfkit PDF (standard fonts, WinAnsi): enough for
// tests to check what a PDF says, without a PDF parsing dependency.
const winAnsi = new TextDecoder('windows-1252')

/** One line per baseline: text blocks drawn at the same height (runs of bold, table cells) are joined. */
export function extractPdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1')
  const lines: string[] = []
  let lastY: string | null = null
  for (const block of source.matchAll(/BT\n([\s\S]*?)\nET/g)) {
    const y = /[\d.-]+ ([\d.-]+) Tm/.exec(block[1])?.[1] ?? null
    let text = ''
    for (const match of block[1].matchAll(/\[((?:<[0-9a-fA-F]*>|[\s\d.-]+)*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes = match[1] !== undefined ? [...match[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]) : [match[2]]
      text += winAnsi.decode(Buffer.from(hexes.join(''), 'hex'))
    }
    if (y !== null && y === lastY && lines.length) lines[lines.length - 1] += text
    else lines.push(text)
    lastY = y
  }
  return lines.join('\n')
}
