using MatchApi.Catalog.Curation;
using MatchApi.Catalog.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MatchApi.Curation;

/// <summary>
/// <c>dotnet MatchApi.dll export [--to DIR]</c>: writes the database's current catalog in data/'s format. Into the
/// configured data/ (the default) it also records that data/ now holds it, so the next start imports nothing and no
/// conflict remains; into another folder it writes schemes/&lt;id&gt;.json only. Runs without serving HTTP.
/// </summary>
public static class ExportCommand
{
    public const string Name = "export";

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> arguments)
    {
        var database = services.GetRequiredService<CatalogDatabase>();
        var files = services.GetRequiredService<CatalogFiles>();
        if (arguments is not ([] or ["--to", _]))
        {
            Console.Error.WriteLine("usage: MatchApi export [--to DIR]   (default: the configured data/ folder)");
            return 2;
        }
        if (database.Check() != DatabaseCondition.Healthy)
        {
            Console.Error.WriteLine($"The catalog database {database.Path} is missing or unreadable; nothing was exported.");
            return 1;
        }
        await using var db = services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContext();
        await db.Database.MigrateAsync();
        var target = arguments is ["--to", var to] ? Path.GetFullPath(to) : files.DataDirectory;
        if (target == files.DataDirectory)
        {
            var (written, removed) = await CatalogExport.ToDataAsync(db, files, CatalogLoader.ImportFormat, CancellationToken.None);
            Console.WriteLine($"Exported the catalog into {files.SchemesDirectory}: {written} files written, {removed} removed; data/ now holds every revision's current record.");
            return 0;
        }
        var records = await db.Schemes.AsNoTracking().ToListAsync();
        var count = 0;
        foreach (var (path, content) in CatalogExport.Files(records.Select(r => new Catalog.CuratedScheme(SchemeJson.Read(r.Json), r.Revision, r.Retired))))
        {
            var file = Path.Combine(target, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, content, new System.Text.UTF8Encoding(false));
            count++;
        }
        Console.WriteLine($"Exported {count} records into {Path.Combine(target, "schemes")}.");
        return 0;
    }
}
