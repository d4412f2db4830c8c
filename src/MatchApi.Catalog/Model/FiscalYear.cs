using System.Globalization;

namespace MatchApi.Catalog.Model;

/// <summary>Japan's fiscal year (年度): April to March, named by the calendar year it begins in (2026年度: 2026-04-01 to 2027-03-31).</summary>
public static class FiscalYear
{
    public static int Of(DateOnly day) => day.Month >= 4 ? day.Year : day.Year - 1;

    /// <summary>2026年度（令和8年度）; before the Reiwa era (2019) the western year alone.</summary>
    public static string Japanese(int fiscalYear) =>
        fiscalYear >= 2019 ? $"{fiscalYear}年度（令和{(fiscalYear == 2019 ? "元" : (fiscalYear - 2018).ToString(CultureInfo.InvariantCulture))}年度）" : $"{fiscalYear}年度";
}
