using MatchApi.Search.Analysis.MeCab;

namespace MatchApi.Search.Tests;

/// <summary>The on-disk index: kept across restarts, rebuilt when it cannot be used, replaced atomically under load.</summary>
public sealed class IndexLifecycleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("matchapi-index-").FullName;

    [Fact]
    public void A_restart_finds_the_committed_index_and_serves_it_without_publishing_again()
    {
        using (var first = EngineFixture.Engine(_directory)) Assert.Equal("v1", first.PublishedVersion);
        using var restarted = new LuceneSearchEngine(new SearchEngineOptions { IndexDirectory = _directory, SynonymsPath = EngineFixture.SynonymsFile() }, EngineFixture.Schema);
        Assert.Equal("v1", restarted.PublishedVersion);
        Assert.Equal("global", restarted.Search(new SearchRequest { Text = "医工連携グローバル展開事業" }).Hits[0].Id);
    }

    [Fact]
    public void A_relabelled_index_keeps_its_documents_under_the_new_version_across_a_restart()
    {
        using (var engine = EngineFixture.Engine(_directory))
        {
            Assert.False(engine.Relabel("v0", "v2"));
            Assert.Equal("v1", engine.PublishedVersion);
            Assert.True(engine.Relabel("v1", "v2"));
            Assert.Equal("v2", engine.PublishedVersion);
            Assert.Equal(EngineFixture.Documents.Length, engine.Search(new SearchRequest()).Total);
        }
        using var restarted = new LuceneSearchEngine(new SearchEngineOptions { IndexDirectory = _directory, SynonymsPath = EngineFixture.SynonymsFile() }, EngineFixture.Schema);
        Assert.Equal("v2", restarted.PublishedVersion);
        Assert.Equal(EngineFixture.Documents.Length, restarted.Search(new SearchRequest()).Total);
    }

    [Fact]
    public void An_index_built_with_another_dictionary_is_not_taken_for_this_one()
    {
        using (EngineFixture.Engine(_directory)) { }
        using var other = new LuceneSearchEngine(new SearchEngineOptions { IndexDirectory = _directory, DictionaryDirectory = "/nonexistent" }, EngineFixture.Schema);
        Assert.Null(other.PublishedVersion);
    }

    [Fact]
    public void An_index_built_by_other_document_code_is_not_taken_for_this_one()
    {
        using (EngineFixture.Engine(_directory)) { }
        var schema = EngineFixture.Schema with { DocumentsVersion = "documents built another way" };
        using var other = new LuceneSearchEngine(new SearchEngineOptions { IndexDirectory = _directory, SynonymsPath = EngineFixture.SynonymsFile() }, schema);
        Assert.Null(other.PublishedVersion);
    }

    [Fact]
    public void A_corrupt_index_is_rebuilt_instead_of_stopping_the_engine()
    {
        using (EngineFixture.Engine(_directory)) { }
        foreach (var file in Directory.GetFiles(_directory, "segments*")) File.WriteAllBytes(file, [1, 2, 3]);
        using var engine = new LuceneSearchEngine(new SearchEngineOptions { IndexDirectory = _directory }, EngineFixture.Schema);
        Assert.Null(engine.PublishedVersion);
        engine.Publish("v2", EngineFixture.Documents);
        Assert.Equal(EngineFixture.Documents.Length, engine.Search(new SearchRequest()).Total);
    }

    [Fact]
    public async Task Searches_during_a_republish_see_the_old_index_or_the_new_one_never_half()
    {
        using var engine = EngineFixture.Engine(_directory);
        var small = EngineFixture.Documents.Take(3).ToArray();
        var sizes = new HashSet<int> { small.Length, EngineFixture.Documents.Length };
        var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
        using var stop = new CancellationTokenSource();
        using var reading = new CountdownEvent(2);
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(() =>
        {
            reading.Signal();
            do
            {
                var response = engine.Search(new SearchRequest { PageSize = 100 });
                Assert.Equal(response.Total, response.Hits.Count);
                seen.Add(response.Total);
            } while (!stop.IsCancellationRequested);
        }, TaskCreationOptions.LongRunning)).ToArray();
        reading.Wait(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 20; i++) engine.Publish($"v{i}", i % 2 == 0 ? small : EngineFixture.Documents);
        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.NotEmpty(seen);
        Assert.All(seen, total => Assert.Contains(total, sizes));
    }

    [Fact]
    public void The_ipadic_directory_is_opened_by_its_path_whatever_the_system_default_is()
    {
        using var tagger = MeCabTagger.TryOpen(MeCabTagger.IpadicDirectory, out var error);
        Assert.Null(error);
        Assert.True(tagger!.Dictionary.IsIpadic);
        Assert.StartsWith(MeCabTagger.IpadicDirectory, tagger.Dictionary.File);
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Edits applied one by one: searchable when Apply returns, kept across a restart.</summary>
public sealed class IncrementalUpdateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("matchapi-index-").FullName;

    [Fact]
    public void An_upsert_replaces_the_document_and_a_deletion_removes_it_and_both_survive_a_restart()
    {
        using (var engine = EngineFixture.Engine(_directory))
        {
            var kaken = EngineFixture.Documents.Single(d => d.Id == "kaken");
            engine.Apply("v2", [kaken with { Name = "科学研究費助成事業（宇宙医療を含む）" }], ["trial"]);
            Assert.Equal("v2", engine.PublishedVersion);
            Assert.Equal("kaken", engine.Search(new SearchRequest { Text = "宇宙医療" }).Hits.Single().Id);
            Assert.Equal(EngineFixture.Documents.Length - 1, engine.Search(new SearchRequest()).Total);
            Assert.DoesNotContain(engine.Search(new SearchRequest { Text = "臨床試験推進事業" }).Hits, h => h.Id == "trial");
        }
        using var restarted = new LuceneSearchEngine(new SearchEngineOptions { IndexDirectory = _directory }, EngineFixture.Schema);
        Assert.Equal("v2", restarted.PublishedVersion);
        Assert.Equal("kaken", restarted.Search(new SearchRequest { Text = "宇宙医療" }).Hits.Single().Id);
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
