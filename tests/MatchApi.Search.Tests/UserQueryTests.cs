using MatchApi.Search.Querying;

namespace MatchApi.Search.Tests;

/// <summary>The contract's query language as Lucene's SimpleQueryParser reads it with three operators on.</summary>
public sealed class UserQueryTests
{
    private static List<(ClauseKind, string)> Parse(string q) => UserQuery.Parse(q).Select(c => (c.Kind, c.Text)).ToList();

    [Fact]
    public void Words_phrases_and_exclusions()
    {
        Assert.Equal([(ClauseKind.Word, "海外展開"), (ClauseKind.Phrase, "医療機器 開発"), (ClauseKind.Excluded, "委託")],
            Parse("海外展開 \"医療機器 開発\" -委託"));
    }

    [Theory]
    [InlineData("「医療機器」")]
    [InlineData("『医療機器』")]
    [InlineData("“医療機器”")]
    [InlineData("＂医療機器＂")]
    public void Japanese_quotes_quote_a_phrase(string q) => Assert.Equal([(ClauseKind.Phrase, "医療機器")], Parse(q));

    [Theory]
    [InlineData("治験　－委託")]
    [InlineData("治験 −委託")]
    public void Full_width_space_and_minus_are_operators_too(string q) =>
        Assert.Equal([(ClauseKind.Word, "治験"), (ClauseKind.Excluded, "委託")], Parse(q));

    [Theory]
    [InlineData("ACT-M", "ACT-M")]
    [InlineData("医療*", "医療*")]
    [InlineData("治験~2", "治験~2")]
    [InlineData("a|b", "a|b")]
    [InlineData("a+b", "a+b")]
    [InlineData("(医療)", "(医療)")]
    [InlineData("name:医療", "name:医療")]
    [InlineData("医療\\機器", "医療\\機器")]
    public void Lucene_syntax_is_plain_text(string q, string word) => Assert.Equal([(ClauseKind.Word, word)], Parse(q));

    [Fact]
    public void An_unclosed_quote_reads_the_rest_as_words() => Assert.Equal([(ClauseKind.Word, "医療"), (ClauseKind.Word, "機器")], Parse("\"医療 機器"));

    [Fact]
    public void Length_and_clause_count_are_capped()
    {
        Assert.Equal(UserQuery.MaxClauses, UserQuery.Parse(string.Join(' ', Enumerable.Range(0, 500).Select(i => $"w{i}"))).Count);
        Assert.True(UserQuery.Parse(new string('医', 50_000)).Single().Text.Length <= UserQuery.MaxLength);
    }
}
