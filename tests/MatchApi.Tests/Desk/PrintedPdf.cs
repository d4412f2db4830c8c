using System.Text;
using System.Text.RegularExpressions;
using MatchApi.Tests.Infrastructure;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace MatchApi.Tests.Desk;

/// <summary>
/// What Chromium prints (A4, the desk's print styles), read back page by page with PdfPig, so a test checks what is on
/// paper rather than on screen. Text is compared with every whitespace removed (PDF text runs carry no reliable spaces).
/// </summary>
public sealed partial class PrintedPdf
{
    private PrintedPdf(IReadOnlyList<string> pages) => Pages = pages;

    /// <summary>Each page's text, whitespace removed.</summary>
    public IReadOnlyList<string> Pages { get; }

    public static async Task<PrintedPdf> PrintAsync(IPage page, string name)
    {
        var bytes = await page.PdfAsync(new() { Format = "A4", PrintBackground = true, Path = Path.Combine(BrowserApp.ScreenshotDirectory, name + ".pdf") });
        using var document = PdfDocument.Open(bytes);
        return new PrintedPdf(document.GetPages().Select(p => Compact(string.Concat(p.Letters.Select(l => l.Value)))).ToList());
    }

    /// <summary>
    /// Without whitespace, and in one form for what the fonts' glyph maps give back: Chromium's CJK font reports some
    /// ideographs as Kangxi radicals (⽀ for 支) and ・ ～ as ‧ 〜, so both sides are NFKC-normalised and those unified.
    /// </summary>
    public static string Compact(string text) =>
        Whitespace().Replace(text.Normalize(NormalizationForm.FormKC), "").Replace('‧', '・').Replace('〜', '~');

    public bool Contains(string text) => Pages.Any(p => p.Contains(Compact(text), StringComparison.Ordinal));

    /// <summary>The first page holding the text, or -1.</summary>
    public int PageOf(string text) => Pages.ToList().FindIndex(p => p.Contains(Compact(text), StringComparison.Ordinal));

    public void AssertContains(string text) =>
        Assert.True(Contains(text), $"the print does not contain 「{text}」; pages:\n" + string.Join("\n---\n", Pages));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
