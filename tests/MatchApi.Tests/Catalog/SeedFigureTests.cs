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
        // Figures from pages other than the first that mentions a scheme.
        { "next-gen-device-hubs", "period.startFiscalYear", "2019", 753, "003:令和元～５年度実施事業" },
        { "next-gen-device-hubs", "period.endFiscalYear", "2023", 753, "003:令和元～５年度実施事業" },
        { "who-prequalification", "budgets[fiscalYear=2023,kind=initial].amountMillionYen", "24.485", 1381, "003:24,485千円" },
        { "developing-countries-medical-tech", "period.startFiscalYear", "2017", 1299, "003:H29年から11件のプロジェクトを実施" },
        { "device-research-deployment", "budgets[fiscalYear=2022,kind=executed].amountMillionYen", "1077", 181, "000:執行額(G) 1,218 869 1,077" },
        { "device-research-deployment", "budgets[fiscalYear=2021,kind=initial].belongsTo.id", "advanced-measurement-device-program", 5611, "001:令和3年度予算額 862百万円" },
        { "advanced-device-rd-resilience", "budgets[fiscalYear=2021,kind=initial].amountMillionYen", "4400", 705, "001:予算額44億円" },
        { "regulatory-harmonization-research", "budgets[fiscalYear=2021,kind=initial].amountMillionYen", "1100", 510, "001:予算額11億円" },
        { "clinical-research-trial-promotion", "budgets[fiscalYear=2021,kind=initial].amountMillionYen", "3000", 495, "001:予算額30億円" },
        { "advanced-measurement-device-program", "budgets[fiscalYear=2021,kind=initial].amountMillionYen", "862", 5611, "001:令和3年度予算額 862百万円" },
        { "advanced-measurement-device-program", "budgets[fiscalYear=2020,kind=initial].amountMillionYen", "1230", 5612, "001:前年度予算額 1,230百万円" },
        { "advanced-measurement-device-program", "grantCaps[0].amountMillionYen", "26", 5591, "001:開発費：26,000千円／年" },
        { "advanced-measurement-device-program", "grantCaps[1].amountMillionYen", "65", 5597, "001:開発費：65,000千円／年" },
        { "industry-academia-medical-innovation", "budgets[fiscalYear=2021,kind=initial].amountMillionYen", "970", 5453, "001:令和３年度予算額 ： 970百万円" },
        { "industry-academia-medical-innovation", "budgets[fiscalYear=2020,kind=initial].amountMillionYen", "1359", 5454, "001:前年度予算額 ：1,359百万円" },
        { "industry-academia-medical-innovation", "grantCaps[0].amountMillionYen", "50", 5471, "001:支援額； 50百万円／年" },
        { "industry-academia-medical-innovation", "grantCaps[1].amountMillionYen", "20", 5484, "001:支援額； 20百万円／年" },
        { "medical-research-outcome-deployment", "period.endFiscalYear", "2021", 5608, "001:医療分野研究成果展開事業 [平成27-令和３年度]" },
        { "medical-research-outcome-deployment", "period.startFiscalYear", "2015", 5608, "001:医療分野研究成果展開事業 [平成27-令和３年度]" },
        { "translational-research-strategic-program", "period.endFiscalYear", "2021", 1447, "001:橋渡し研究戦略的推進プログラムの令和３年度の事業終了" },
        { "translational-research-strategic-program", "period.startFiscalYear", "2017", 4941, "001:始した平成29年度時点" },
        { "medical-engineering-ai-research", "period.startFiscalYear", "2021", 1172, "001:【新規】医工連携・人工知能実装研究事業（厚）" },
        { "translational-research-program", "grantCaps[1].amountMillionYen", "70", 304, "003:１課題70百万円程度" },
        { "translational-research-program", "grantCaps[2].amountMillionYen", "100", 310, "003:１課題最大100百万円程度" },
        // Caps tied to the stage the seed names (004: 55 非臨床, 61 臨床).
        { "global-medtech-expansion-rd", "grantCaps[0].stages[0]", "non_clinical", 55, "004:非臨床" },
        { "global-medtech-expansion-rd", "grantCaps[1].stages[0]", "clinical", 61, "004:臨床(治験・臨床研究)" },
        { "asia-africa-health-survey", "ministry", "cas", 1501, "003:内閣官房 国際展開に関する支援" },
    };

    private static readonly Dictionary<string, string> Documents = new()
    {
        ["000"] = "000_aa60190804a82612.txt", ["001"] = "001_cc59436e78ba606c.txt", ["002"] = "002_bcc499cb70a20c7d.txt", ["003"] = "003_96967be7f988e705.txt", ["004"] = "004_bc6e72f719cc4e4b.txt",
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
