using System.Globalization;

namespace MatchApi.Catalog.Model;

/// <summary>Amounts of money as Japanese documents and consultants write them.</summary>
public static class Amounts
{
    /// <summary>An amount given in 百万円, exactly, in 億, 万 and 円: 1億7,500万円, 7,000万円, 2億円, 7,986万7,000円.</summary>
    public static string Japanese(decimal millionYen)
    {
        var yen = millionYen * 1_000_000;
        var oku = decimal.Truncate(yen / 100_000_000);
        var man = decimal.Truncate((yen - oku * 100_000_000) / 10_000);
        var rest = decimal.Round(yen - oku * 100_000_000 - man * 10_000, 0);
        var c = CultureInfo.InvariantCulture;
        var text = (oku > 0 ? oku.ToString("#,0", c) + "億" : "") + (man > 0 ? man.ToString("#,0", c) + "万" : "") + (rest > 0 ? rest.ToString("#,0", c) : "");
        return (text.Length > 0 ? text : "0") + "円";
    }
}
