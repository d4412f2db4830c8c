using MatchApi.Catalog.Model;
using MatchApi.Search.Querying;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Primitives;
using Microsoft.OpenApi;

namespace MatchApi.Infrastructure;

/// <summary>
/// A query parameter described once: its name and meaning, how its text is parsed (every invalid value becomes a
/// line of the 400, saying what is accepted) and its schema in the OpenAPI document. Parameters are read as text
/// rather than bound by the framework, so that no value can fail before it reaches <see cref="InputErrors"/>.
/// </summary>
public abstract class QueryParameter(string name, string description)
{
    public string Name { get; } = name;

    /// <summary>The description in the OpenAPI document.</summary>
    public string Description { get; } = description;

    public abstract IOpenApiSchema Schema();

    /// <summary>A single-valued parameter given twice reads as both values joined by a comma, as the framework's binding does.</summary>
    protected static string? Single(StringValues values) => values.Count == 0 ? null : values.ToString();
}

/// <summary>A repeatable parameter of vocabulary codes (stage=clinical&amp;stage=非臨床, or comma-separated); OR within it.</summary>
public sealed class CodesParameter(string name, Vocabulary vocabulary, string meaning)
    : QueryParameter(name, $"{meaning} (repeatable, OR): {Codes(vocabulary)}. Codes, labels and short forms are accepted.")
{
    public Vocabulary Vocabulary { get; } = vocabulary;

    public IReadOnlySet<string> Parse(IQueryCollection query, InputErrors errors) => errors.Codes(Name, Vocabulary, query[Name]);

    public override IOpenApiSchema Schema() => new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } };

    /// <summary>basic_research 基礎研究, applied_research 応用研究, …</summary>
    internal static string Codes(Vocabulary vocabulary) => string.Join(", ", vocabulary.Terms.Select(t => $"{t.Code} {t.Label}"));
}

/// <summary>One vocabulary code.</summary>
public sealed class CodeParameter(string name, Vocabulary vocabulary, string meaning)
    : QueryParameter(name, $"{meaning}: {CodesParameter.Codes(vocabulary)}. Codes, labels and short forms are accepted.")
{
    public string? Parse(IQueryCollection query, InputErrors errors) => errors.Code(Name, vocabulary, Single(query[Name]));

    public override IOpenApiSchema Schema() => new OpenApiSchema { Type = JsonSchemaType.String };
}

/// <summary>Free text of at most <see cref="UserQuery.MaxLength"/> characters; blank is absent.</summary>
public sealed class TextParameter(string name, string meaning)
    : QueryParameter(name, $"{meaning} At most {UserQuery.MaxLength} characters.")
{
    public string? Parse(IQueryCollection query, InputErrors errors) => errors.Text(Name, Single(query[Name]));

    public override IOpenApiSchema Schema() => new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = UserQuery.MaxLength };
}

/// <summary>An integer from <see cref="Min"/> to <see cref="Max"/>; absent is <see cref="Default"/>.</summary>
public sealed class IntegerParameter(string name, string meaning, int @default, int min, int max, string? note = null)
    : QueryParameter(name, $"{meaning}, {(max == int.MaxValue ? $"at least {min}" : $"{min}–{max}")}, default {@default}{(note is null ? "" : "; " + note)}.")
{
    public int Default { get; } = @default;
    public int Min { get; } = min;
    public int Max { get; } = max;

    public int Parse(IQueryCollection query, InputErrors errors) => errors.Integer(Name, Single(query[Name]), Default, Min, Max);

    public override IOpenApiSchema Schema() => new OpenApiSchema
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = Min.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Maximum = Max == int.MaxValue ? null : Max.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Default = Default,
    };
}

/// <summary>true or false; absent is null (no filter).</summary>
public sealed class BooleanParameter(string name, string description) : QueryParameter(name, description)
{
    public bool? Parse(IQueryCollection query, InputErrors errors) => errors.Boolean(Name, Single(query[Name]));

    public override IOpenApiSchema Schema() => new OpenApiSchema { Type = JsonSchemaType.Boolean };
}

/// <summary>true or false; absent (or invalid, with its error) is <see cref="Default"/>.</summary>
public sealed class FlagParameter(string name, string description, bool @default) : QueryParameter(name, description)
{
    public bool Default { get; } = @default;

    public bool Parse(IQueryCollection query, InputErrors errors) => errors.Boolean(Name, Single(query[Name])) ?? Default;

    public override IOpenApiSchema Schema() => new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = Default };
}

/// <summary>A day as YYYY-MM-DD.</summary>
public sealed class DateParameter(string name, string meaning) : QueryParameter(name, $"YYYY-MM-DD: {meaning}")
{
    public DateOnly? Parse(IQueryCollection query, InputErrors errors) => errors.Date(Name, Single(query[Name]));

    public override IOpenApiSchema Schema() => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" };
}

/// <summary>One of an enum's values, by its lower-case name; each value is described.</summary>
public sealed class ChoiceParameter<TEnum>(string name, IReadOnlyDictionary<TEnum, string> meanings)
    : QueryParameter(name, string.Join(", ", System.Enum.GetValues<TEnum>().Select(v => $"{InputErrors.ChoiceName(v)} ({meanings[v]})")) + ".")
    where TEnum : struct, System.Enum
{
    /// <summary>What the parameter accepts, in the enum's order.</summary>
    public IReadOnlyList<string> Values { get; } = System.Enum.GetValues<TEnum>().Select(InputErrors.ChoiceName).ToList();

    public TEnum? Parse(IQueryCollection query, InputErrors errors) => errors.Enum<TEnum>(Name, Single(query[Name]));

    public override IOpenApiSchema Schema() => new OpenApiSchema
    {
        Type = JsonSchemaType.String,
        Enum = [.. Values.Select(v => (System.Text.Json.Nodes.JsonNode)v)],
    };
}

public static class QueryParameterDocumentation
{
    /// <summary>Documents the endpoint's query parameters from their descriptors, which its handler parses.</summary>
    public static RouteHandlerBuilder WithQueryParameters(this RouteHandlerBuilder builder, IReadOnlyList<QueryParameter> parameters) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in parameters)
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = ParameterLocation.Query,
                    Description = parameter.Description,
                    Schema = parameter.Schema(),
                });
            return Task.CompletedTask;
        });
}
