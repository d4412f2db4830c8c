using Lucene.Net.Util;

namespace MatchApi.Search.Analysis.TokenAttributes;

/// <summary>The IPADIC part-of-speech tag, its levels joined by '-' (名詞-固有名詞-組織), as Kuromoji writes it.</summary>
public interface IPartOfSpeechAttribute : IAttribute
{
    string? PartOfSpeech { get; set; }
}

/// <summary>Implements <see cref="IPartOfSpeechAttribute"/> (Lucene finds it by name: IPartOfSpeechAttribute → PartOfSpeechAttribute).</summary>
public sealed class PartOfSpeechAttribute : Lucene.Net.Util.Attribute, IPartOfSpeechAttribute
{
    public string? PartOfSpeech { get; set; }

    public override void Clear() => PartOfSpeech = null;

    public override void CopyTo(IAttribute target) => ((PartOfSpeechAttribute)target).PartOfSpeech = PartOfSpeech;

    public override void ReflectWith(IAttributeReflector reflector) => reflector.Reflect(typeof(IPartOfSpeechAttribute), "partOfSpeech", PartOfSpeech);
}
