using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace MatchApi.Search.Analysis.MeCab;

/// <summary>One morpheme as MeCab sees it; offsets are UTF-16 indices into the parsed text.</summary>
public readonly record struct Morpheme(string Surface, string PartOfSpeech, string? BaseForm, string? Reading, int Start, int End);

/// <summary>The system dictionary a tagger actually loaded, as MeCab reports it.</summary>
public sealed record MeCabDictionary(string Directory, string File, string Charset, uint Entries, ushort Version, uint LeftContexts, uint RightContexts)
{
    /// <summary>Changes whenever another dictionary, or another build of it, is loaded: part of the index's key.</summary>
    public string Fingerprint => $"{File}|{Charset}|{Entries}|{Version}|{LeftContexts}x{RightContexts}";

    /// <summary>IPADIC 2.7.0 (Kuromoji's dictionary, Debian's mecab-ipadic) has a 1316 × 1316 connection matrix; naist-jdic has 1396.</summary>
    public bool IsIpadic => LeftContexts == 1316 && RightContexts == 1316;
}

/// <summary>
/// MeCab through P/Invoke to libmecab.so.2 with a dictionary opened by its path, never through /etc/mecabrc (which
/// another package such as mecab-naist-jdic can silently switch). A tagger is not safe to share while parsing, so
/// taggers are pooled: each parse takes one and returns it.
/// </summary>
public sealed unsafe class MeCabTagger : IDisposable
{
    /// <summary>Debian's mecab-ipadic-utf8: IPADIC, Kuromoji's own default dictionary.</summary>
    public const string IpadicDirectory = "/var/lib/mecab/dic/ipadic-utf8";

    private const int StatBos = 2, StatEos = 3;
    private readonly ConcurrentBag<IntPtr> _pool = [];
    private readonly string[] _arguments;
    private bool _disposed;

    private MeCabTagger(string[] arguments, IntPtr first, MeCabDictionary dictionary)
    {
        _arguments = arguments;
        _pool.Add(first);
        Dictionary = dictionary;
    }

    public MeCabDictionary Dictionary { get; }

    /// <summary>Opens the dictionary in <paramref name="dictionaryDirectory"/>, or explains why it cannot.</summary>
    public static MeCabTagger? TryOpen(string dictionaryDirectory, out string? error)
    {
        // An empty resource file (-r /dev/null) keeps /etc/mecabrc out entirely; -d names the dictionary.
        string[] arguments = ["mecab", "-r", "/dev/null", "-d", dictionaryDirectory];
        try
        {
            var tagger = Create(arguments);
            if (tagger == IntPtr.Zero)
            {
                error = $"MeCab could not open the dictionary in {dictionaryDirectory} ({Marshal.PtrToStringUTF8(Native.mecab_strerror(IntPtr.Zero))}); " +
                        "install the Debian package mecab-ipadic-utf8 or set Search:MeCabDictionary to an IPADIC folder.";
                return null;
            }
            var dictionary = DictionaryOf(tagger, dictionaryDirectory);
            if (!dictionary.Charset.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) && !dictionary.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                Native.mecab_destroy(tagger);
                error = $"The MeCab dictionary in {dictionaryDirectory} is encoded in {dictionary.Charset}; MatchApi needs a UTF-8 dictionary (mecab-ipadic-utf8).";
                return null;
            }
            error = null;
            return new MeCabTagger(arguments, tagger, dictionary);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            error = $"libmecab.so.2 could not be loaded ({e.GetType().Name}); install the Debian packages libmecab2 and mecab-ipadic-utf8.";
            return null;
        }
    }

    public IReadOnlyList<Morpheme> Parse(string text)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (text.Length == 0) return [];
        var tagger = Rent();
        try
        {
            // MeCab reads a C string: a NUL inside the text would end it early.
            var bytes = Encoding.UTF8.GetBytes(text.Replace('\0', ' ') + "\0");
            var charIndexOfByte = CharIndexByByte(text, bytes.Length);
            var result = new List<Morpheme>();
            fixed (byte* input = bytes)
            {
                for (var node = Native.mecab_sparse_tonode(tagger, input); node != null; node = node->next)
                {
                    if (node->stat is StatBos or StatEos || node->length == 0) continue;
                    var startByte = (int)(node->surface - input);
                    var start = charIndexOfByte[startByte];
                    var end = charIndexOfByte[startByte + node->length];
                    result.Add(ToMorpheme(text[start..end], Marshal.PtrToStringUTF8((IntPtr)node->feature) ?? "", start, end));
                }
            }
            return result;
        }
        finally
        {
            _pool.Add(tagger);
        }
    }

    /// <summary>IPADIC features: 品詞,細分類1,細分類2,細分類3,活用型,活用形,原形,読み,発音 (unknown words stop after 原形).</summary>
    private static Morpheme ToMorpheme(string surface, string feature, int start, int end)
    {
        var fields = feature.Split(',');
        var partOfSpeech = string.Join("-", fields.Take(4).Where(f => f != "*"));
        string? Field(int i) => fields.Length > i && fields[i] != "*" && fields[i].Length > 0 ? fields[i] : null;
        return new Morpheme(surface, partOfSpeech, Field(6), Field(7), start, end);
    }

    private IntPtr Rent()
    {
        if (_pool.TryTake(out var tagger)) return tagger;
        tagger = Create(_arguments);
        return tagger != IntPtr.Zero ? tagger : throw new InvalidOperationException("MeCab could not create another tagger.");
    }

    private static IntPtr Create(string[] arguments)
    {
        var pointers = arguments.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        try
        {
            fixed (IntPtr* argv = pointers) return Native.mecab_new(pointers.Length, argv);
        }
        finally
        {
            foreach (var p in pointers) Marshal.FreeCoTaskMem(p);
        }
    }

    private static MeCabDictionary DictionaryOf(IntPtr tagger, string directory)
    {
        var info = Native.mecab_dictionary_info(tagger);
        return new MeCabDictionary(directory, Marshal.PtrToStringUTF8(info->filename) ?? "", Marshal.PtrToStringUTF8(info->charset) ?? "",
            info->size, info->version, info->lsize, info->rsize);
    }

    private static int[] CharIndexByByte(string text, int byteCount)
    {
        var map = new int[byteCount + 1];
        var b = 0;
        for (var c = 0; c < text.Length; c++)
        {
            var width = char.IsHighSurrogate(text[c]) && c + 1 < text.Length && char.IsLowSurrogate(text[c + 1])
                ? 4
                : Encoding.UTF8.GetByteCount(text.AsSpan(c, 1));
            for (var k = 0; k < width; k++) map[b + k] = c;
            b += width;
            if (width == 4) c++;
        }
        for (; b <= byteCount; b++) map[b] = text.Length;
        return map;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        while (_pool.TryTake(out var tagger)) Native.mecab_destroy(tagger);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Node
    {
        public Node* prev;
        public Node* next;
        public Node* enext;
        public Node* bnext;
        public IntPtr rpath;
        public IntPtr lpath;
        public byte* surface;
        public byte* feature;
        public uint id;
        public ushort length;
        public ushort rlength;
        public ushort rcAttr;
        public ushort lcAttr;
        public ushort posid;
        public byte char_type;
        public byte stat;
        public byte isbest;
        public float alpha;
        public float beta;
        public float prob;
        public short wcost;
        public long cost;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct DictionaryInfo
    {
        public IntPtr filename;
        public IntPtr charset;
        public uint size;
        public int type;
        public uint lsize;
        public uint rsize;
        public ushort version;
        public DictionaryInfo* next;
    }

    private static class Native
    {
        private const string Library = "libmecab.so.2";

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern IntPtr mecab_new(int argc, IntPtr* argv);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern Node* mecab_sparse_tonode(IntPtr mecab, byte* str);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern DictionaryInfo* mecab_dictionary_info(IntPtr mecab);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern IntPtr mecab_strerror(IntPtr mecab);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern void mecab_destroy(IntPtr mecab);
    }
}
