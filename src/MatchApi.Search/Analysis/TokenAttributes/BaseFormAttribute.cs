using Lucene.Net.Util;

namespace MatchApi.Search.Analysis.TokenAttributes;

/// <summary>The dictionary form of an inflected word (行っ → 行う), as MeCab/IPADIC gives it; null when the surface is the base form or the word is unknown.</summary>
public interface IBaseFormAttribute : IAttribute
{
    string? BaseForm { get; set; }
}

/// <summary>Implements <see cref="IBaseFormAttribute"/> (Lucene finds it by name: IBaseFormAttribute → BaseFormAttribute).</summary>
public sealed class BaseFormAttribute : Lucene.Net.Util.Attribute, IBaseFormAttribute
{
    public string? BaseForm { get; set; }

    public override void Clear() => BaseForm = null;

    public override void CopyTo(IAttribute target) => ((BaseFormAttribute)target).BaseForm = BaseForm;

    public override void ReflectWith(IAttributeReflector reflector) => reflector.Reflect(typeof(IBaseFormAttribute), "baseForm", BaseForm);
}
