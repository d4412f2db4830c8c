using Lucene.Net.Util;

namespace MatchApi.Search.Analysis.TokenAttributes;

/// <summary>The katakana reading (治験 → チケン); null for words the dictionary does not know.</summary>
public interface IReadingAttribute : IAttribute
{
    string? Reading { get; set; }
}

/// <summary>Implements <see cref="IReadingAttribute"/> (Lucene finds it by name: IReadingAttribute → ReadingAttribute).</summary>
public sealed class ReadingAttribute : Lucene.Net.Util.Attribute, IReadingAttribute
{
    public string? Reading { get; set; }

    public override void Clear() => Reading = null;

    public override void CopyTo(IAttribute target) => ((ReadingAttribute)target).Reading = Reading;

    public override void ReflectWith(IAttributeReflector reflector) => reflector.Reflect(typeof(IReadingAttribute), "reading", Reading);
}
