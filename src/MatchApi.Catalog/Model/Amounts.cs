using System.Globalization;

namespace MatchApi.Catalog.Model;

/// <summary>Amounts of money as Japanese documents and consultants write them.</summary>
public static class Amounts
{
    /// <summary>An amount given in 百万円, in 億 and 万: 1億7,500万円, 7,000万円, 2億円.</summary>
    public static string Japanese(decimal millionYen)
    {
        var man = decimal.Round(millionYen * 100, 0); // 万円
        var oku = decimal.Truncate(man / 10000);
        var rest = man - oku * 10000;
        var c = CultureInfo.InvariantCulture;
        return oku switch
        {
            0 => $"{rest.ToString("#,0", c)}万円",
            _ when rest == 0 => $"{oku.ToString("#,0", c)}億円",
            _ => $"{oku.ToString("#,0", c)}億{rest.ToString("#,0", c)}万円",
        };
    }
}
