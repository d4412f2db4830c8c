using System.Text.Json;
using MatchApi.Tests.Data;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Catalog;

/// <summary>
/// Detail responses carry the figures exactly as the seeds print them: each case names the seed line, checks that
/// the line really prints the figure, and checks that the API serves it converted to 百万円.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SeedFigureTests(ReadyApp app)
{
    public static TheoryData<string, string, string, int, string> Figures() => new()
    {
        // scheme id, JSON path in the detail, expected value, seed line, text the seed prints there
        { "device-research-deployment", "budgets[fiscalYear=2023,kind=initial].amountMillionYen", "1024", 187, "003:1,024百万円" },
        { "device-research-deployment", "budgets[fiscalYear=2020,kind=initial].amountMillionYen", "1230", 155, "000:1,230" },
        { "device-research-deployment", "url", "https://www.amed.go.jp/program/list/12/01/013.html", 52, "000:https://www.amed.go.jp/program/list/12/01/013.html" },
        { "translational-research-program", "budgets[fiscalYear=2023,kind=initial].amountMillionYen", "5548", 366, "003:5,548百万円" },
        { "translational-research-program", "period.startFiscalYear", "2021", 352, "003:令和3年度～" },
        { "next-gen-device-hubs", "budgets[fiscalYear=2023,kind=initial].amountMillionYen", "180", 683, "003:1.8億円" },
        { "developing-countries-medical-tech", "budgets[fiscalYear=2023,kind=initial].amountMillionYen", "297.777", 1289, "003:297,777千円" },
        { "international-procurement", "budgets[fiscalYear=2023,kind=initial].amountMillionYen", "79.867", 1392, "003:79,867千円" },
        { "aimgain", "budgets[fiscalYear=2022,kind=supplementary].amountMillionYen", "8000", 1458, "003:80.0億円" },
        { "global-medtech-expansion", "budgets[fiscalYear=2025,kind=request].amountMillionYen", "1465", 10, "002:2025年度 1,465百万円" },
        { "global-medtech-expansion", "period.endFiscalYear", "2030", 9, "002:2025年度~2030年度" },
        { "global-medtech-expansion-rd", "grantCaps[0].amountMillionYen", "70", 58, "004:7,000万円" },
        { "global-medtech-expansion-rd", "grantCaps[1].amountMillionYen", "100", 64, "004:1億円" },
        { "global-medtech-expansion-rd", "subsidyRate", "2/3", 59, "004:補助率:2/3" },
        { "global-medtech-expansion-accompaniment", "grantCaps[0].amountMillionYen", "175", 94, "004:1億7,500万円" },
        { "global-medtech-expansion-hubs", "grantCaps[0].amountMillionYen", "26", 125, "004:2,600万円" },
        { "regional-device-ecosystem", "grantCaps[0].amountMillionYen", "25", 530, "003:上限2,500万円" },
        { "mediso", "url", "https://mediso.mhlw.go.jp/", 857, "003:https://mediso.mhlw.go.jp/" },
        { "device-development-support-network", "url", "https://www.med-device.jp/", 476, "003:https://www.med-device.jp/" },
    };

    private static readonly Dictionary<string, string> Documents = new()
    {
        ["000"] = "000_aa60190804a82612.txt", ["002"] = "002_bcc499cb70a20c7d.txt", ["003"] = "003_96967be7f988e705.txt", ["004"] = "004_bc6e72f719cc4e4b.txt",
    };

    [Theory]
    [MemberData(nameof(Figures))]
    public async Task Detail_carries_the_figure_the_seed_prints(string id, string path, string expected, int line, string printed)
    {
        var (document, text) = (printed[..3], printed[4..]);
        var seedLine = File.ReadLines(Path.Combine(RepositoryPaths.Seeds, Documents[document])).ElementAt(line - 1);
        Assert.Contains(SeedText.Fold(text), SeedText.Fold(seedLine));

        var detail = await MatchApiFactory.GetJsonAsync(app.Client, $"/api/v1/schemes/{id}");
        var value = Resolve(detail, path);
        Assert.Equal(expected, value.ValueKind == JsonValueKind.Number ? value.GetDecimal().ToString("0.###") : value.GetString());
        Assert.Contains(detail.GetProperty("sources").EnumerateArray(), s => s.GetProperty("document").GetString() == Documents[document]);
    }

    private static JsonElement Resolve(JsonElement element, string path)
    {
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[');
            if (bracket < 0) { element = element.GetProperty(part); continue; }
            var array = element.GetProperty(part[..bracket]).EnumerateArray().ToList();
            var selector = part[(bracket + 1)..^1];
            element = int.TryParse(selector, out var index)
                ? array[index]
                : array.Single(item => selector.Split(',').All(condition =>
                {
                    var (key, wanted) = (condition.Split('=')[0], condition.Split('=')[1]);
                    var actual = item.GetProperty(key);
                    return (actual.ValueKind == JsonValueKind.Number ? actual.GetRawText() : actual.GetString()) == wanted;
                }));
        }
        return element;
    }
}
