using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace MatchApi.Search.Analysis;

/// <summary>One morpheme as MeCab/IPADIC sees it; offsets are UTF-16 indices into the parsed text.</summary>
public sealed record Morpheme(string Surface, string PartOfSpeech, string? BaseForm, int Start, int End);

/// <summary>
/// MeCab through P/Invoke to libmecab.so.2 with the IPADIC dictionary. A tagger is not safe to share while
/// parsing, so taggers are pooled: each parse takes one and returns it.
/// </summary>
public sealed unsafe class MeCab : IDisposable
{
    private const int StatBos = 2, StatEos = 3;
    private readonly ConcurrentBag<IntPtr> _pool = [];
    private readonly string _arguments;
    private bool _disposed;

    private MeCab(string arguments, IntPtr first)
    {
        _arguments = arguments;
        _pool.Add(first);
    }

    /// <summary>Loads MeCab, or explains why it cannot (library or dictionary missing).</summary>
    public static MeCab? TryLoad(string? dictionaryDirectory, out string? error)
    {
        var arguments = dictionaryDirectory is null ? "" : $"-d {dictionaryDirectory}";
        try
        {
            var tagger = Native.mecab_new2(arguments);
            if (tagger == IntPtr.Zero)
            {
                error = $"MeCab could not start ({Marshal.PtrToStringUTF8(Native.mecab_strerror(IntPtr.Zero))}); is mecab-ipadic-utf8 installed?";
                return null;
            }
            error = null;
            return new MeCab(arguments, tagger);
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
            var bytes = Encoding.UTF8.GetBytes(text + "\0");
            var charIndexOfByte = CharIndexByByte(text, bytes.Length);
            var result = new List<Morpheme>();
            fixed (byte* input = bytes)
            {
                var node = Native.mecab_sparse_tonode(tagger, input);
                for (; node != null; node = node->next)
                {
                    if (node->stat is StatBos or StatEos || node->length == 0) continue;
                    var startByte = (int)(node->surface - input);
                    var start = charIndexOfByte[startByte];
                    var end = charIndexOfByte[startByte + node->length];
                    var feature = Marshal.PtrToStringUTF8((IntPtr)node->feature) ?? "";
                    var fields = feature.Split(',');
                    var pos = string.Join("-", fields.Take(4).Where(f => f != "*"));
                    var baseForm = fields.Length > 6 && fields[6] != "*" ? fields[6] : null;
                    result.Add(new Morpheme(text[start..end], pos, baseForm, start, end));
                }
            }
            return result;
        }
        finally
        {
            _pool.Add(tagger);
        }
    }

    private IntPtr Rent()
    {
        if (_pool.TryTake(out var tagger)) return tagger;
        tagger = Native.mecab_new2(_arguments);
        return tagger != IntPtr.Zero ? tagger : throw new InvalidOperationException("MeCab could not create another tagger.");
    }

    private static int[] CharIndexByByte(string text, int byteCount)
    {
        var map = new int[byteCount + 1];
        var b = 0;
        for (var c = 0; c < text.Length; c++)
        {
            var width = char.IsHighSurrogate(text[c]) && c + 1 < text.Length ? 4 : Encoding.UTF8.GetByteCount(text.AsSpan(c, 1));
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

    private static class Native
    {
        private const string Library = "libmecab.so.2";

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern IntPtr mecab_new2([MarshalAs(UnmanagedType.LPUTF8Str)] string arg);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern Node* mecab_sparse_tonode(IntPtr mecab, byte* str);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern IntPtr mecab_strerror(IntPtr mecab);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern void mecab_destroy(IntPtr mecab);
    }
}
