namespace RollCall.Matrix.Text;

/// <summary>
/// Unicode's canonical decompositions of the characters that decompose to one the font draws, so that
/// <see cref="BitmapFont"/> composes <c>e</c> + U+0301 into <c>é</c> and draws <c>ǎ</c> as <c>a</c>
/// without <see cref="string.Normalize()"/>: the CLI runs with invariant globalization, where
/// Normalize returns text other than ASCII unchanged.
/// </summary>
/// <remarks>
/// One decomposition step each, as in the Unicode Character Database's UnicodeData.txt, for the BMP
/// characters that are not marks themselves, leaving out the negations (U+0338 turns <c>=</c> into
/// <c>≠</c>, so <c>≠</c> must not fall back to <c>=</c>). A test checks the table against .NET's own
/// normalization both ways, so a missing or wrong entry fails there.
/// </remarks>
internal static class CanonicalDecompositions
{
    // For each combining mark, pairs of a character and that character with the mark: "AÀ" says À is A + U+0300.
    private static readonly Dictionary<char, string> _pairsByMark = new()
    {
        // grave accent
        ['\u0300'] =
            "AÀ EÈ IÌ OÒ UÙ aà eè iì oò uù ÜǛ üǜ NǸ nǹ ĒḔ ēḕ ŌṐ ōṑ WẀ wẁ ÂẦ âầ ĂẰ ăằ ÊỀ êề ÔỒ ôồ " +
            "ƠỜ ơờ ƯỪ ưừ YỲ yỳ ¨῭",
        // acute accent
        ['\u0301'] =
            "AÁ EÉ IÍ OÓ UÚ YÝ aá eé ií oó uú yý CĆ cć LĹ lĺ NŃ nń RŔ rŕ SŚ sś ZŹ zź ÜǗ üǘ GǴ gǵ " +
            "ÅǺ åǻ ÆǼ æǽ ØǾ øǿ ¨΅ ÇḈ çḉ ĒḖ ēḗ ÏḮ ïḯ KḰ kḱ MḾ mḿ ÕṌ õṍ ŌṒ ōṓ PṔ pṕ ŨṸ ũṹ WẂ wẃ ÂẤ " +
            "âấ ĂẮ ăắ ÊẾ êế ÔỐ ôố ƠỚ ơớ ƯỨ ưứ",
        // circumflex accent
        ['\u0302'] =
            "AÂ EÊ IÎ OÔ UÛ aâ eê iî oô uû CĈ cĉ GĜ gĝ HĤ hĥ JĴ jĵ SŜ sŝ WŴ wŵ YŶ yŷ ZẐ zẑ ẠẬ ạậ " +
            "ẸỆ ẹệ ỌỘ ọộ",
        // tilde
        ['\u0303'] = "AÃ NÑ OÕ aã nñ oõ IĨ iĩ UŨ uũ VṼ vṽ ÂẪ âẫ ĂẴ ăẵ EẼ eẽ ÊỄ êễ ÔỖ ôỗ ƠỠ ơỡ ƯỮ ưữ YỸ yỹ",
        // macron
        ['\u0304'] =
            "AĀ aā EĒ eē IĪ iī OŌ oō UŪ uū ÜǕ üǖ ÄǞ äǟ ȦǠ ȧǡ ÆǢ æǣ ǪǬ ǫǭ ÖȪ öȫ ÕȬ õȭ ȮȰ ȯȱ YȲ yȳ " +
            "GḠ gḡ ḶḸ ḷḹ ṚṜ ṛṝ",
        // breve
        ['\u0306'] = "AĂ aă EĔ eĕ GĞ gğ IĬ iĭ OŎ oŏ UŬ uŭ ȨḜ ȩḝ ẠẶ ạặ",
        // dot above
        ['\u0307'] =
            "CĊ cċ EĖ eė GĠ gġ Iİ ZŻ zż AȦ aȧ OȮ oȯ BḂ bḃ DḊ dḋ FḞ fḟ HḢ hḣ MṀ mṁ NṄ nṅ PṖ pṗ RṘ " +
            "rṙ SṠ sṡ ŚṤ śṥ ŠṦ šṧ ṢṨ ṣṩ TṪ tṫ WẆ wẇ XẊ xẋ YẎ yẏ ſẛ",
        // diaeresis
        ['\u0308'] = "AÄ EË IÏ OÖ UÜ aä eë iï oö uü yÿ YŸ HḦ hḧ ÕṎ õṏ ŪṺ ūṻ WẄ wẅ XẌ xẍ tẗ",
        // hook above
        ['\u0309'] = "AẢ aả ÂẨ âẩ ĂẲ ăẳ EẺ eẻ ÊỂ êể IỈ iỉ OỎ oỏ ÔỔ ôổ ƠỞ ơở UỦ uủ ƯỬ ưử YỶ yỷ",
        // ring above
        ['\u030A'] = "AÅ aå UŮ uů wẘ yẙ",
        // double acute accent
        ['\u030B'] = "OŐ oő UŰ uű",
        // caron
        ['\u030C'] =
            "CČ cč DĎ dď EĚ eě LĽ lľ NŇ nň RŘ rř SŠ sš TŤ tť ZŽ zž AǍ aǎ IǏ iǐ OǑ oǒ UǓ uǔ ÜǙ üǚ " +
            "GǦ gǧ KǨ kǩ jǰ HȞ hȟ",
        // double grave accent
        ['\u030F'] = "AȀ aȁ EȄ eȅ IȈ iȉ OȌ oȍ RȐ rȑ UȔ uȕ",
        // inverted breve
        ['\u0311'] = "AȂ aȃ EȆ eȇ IȊ iȋ OȎ oȏ RȒ rȓ UȖ uȗ",
        // horn
        ['\u031B'] = "OƠ oơ UƯ uư",
        // dot below
        ['\u0323'] =
            "BḄ bḅ DḌ dḍ HḤ hḥ KḲ kḳ LḶ lḷ MṂ mṃ NṆ nṇ RṚ rṛ SṢ sṣ TṬ tṭ VṾ vṿ WẈ wẉ ZẒ zẓ AẠ aạ " +
            "EẸ eẹ IỊ iị OỌ oọ ƠỢ ơợ UỤ uụ ƯỰ ưự YỴ yỵ",
        // diaeresis below
        ['\u0324'] = "UṲ uṳ",
        // ring below
        ['\u0325'] = "AḀ aḁ",
        // comma below
        ['\u0326'] = "SȘ sș TȚ tț",
        // cedilla
        ['\u0327'] = "CÇ cç GĢ gģ KĶ kķ LĻ lļ NŅ nņ RŖ rŗ SŞ sş TŢ tţ EȨ eȩ DḐ dḑ HḨ hḩ",
        // ogonek
        ['\u0328'] = "AĄ aą EĘ eę IĮ iį UŲ uų OǪ oǫ",
        // circumflex accent below
        ['\u032D'] = "DḒ dḓ EḘ eḙ LḼ lḽ NṊ nṋ TṰ tṱ UṶ uṷ",
        // breve below
        ['\u032E'] = "HḪ hḫ",
        // tilde below
        ['\u0330'] = "EḚ eḛ IḬ iḭ UṴ uṵ",
        // macron below
        ['\u0331'] = "BḆ bḇ DḎ dḏ KḴ kḵ LḺ lḻ NṈ nṉ RṞ rṟ TṮ tṯ ZẔ zẕ hẖ",
        // greek perispomeni
        ['\u0342'] = "¨῁",
    };

    // Characters that are canonically one other character.
    private static readonly Dictionary<char, char> _singletons = new()
    {
        ['\u037E'] = '\u003B', // greek question mark is semicolon
        ['\u0387'] = '\u00B7', // greek ano teleia is middle dot
        ['\u1FEE'] = '\u0385', // greek dialytika and oxia is greek dialytika tonos
        ['\u1FEF'] = '\u0060', // greek varia is grave accent
        ['\u1FFD'] = '\u00B4', // greek oxia is acute accent
        ['\u212A'] = '\u004B', // kelvin sign is latin capital letter k
        ['\u212B'] = '\u00C5', // angstrom sign is latin capital letter a with ring above
    };

    private static readonly Dictionary<char, string> _decompositions = Decompositions();

    private static readonly Dictionary<(char First, char Mark), char> _compositions = _decompositions
        .Where(entry => entry.Value.Length == 2)
        .ToDictionary(entry => (entry.Value[0], entry.Value[1]), entry => entry.Key);

    /// <summary>Every entry: a character and its decomposition, a character and a mark or one character.</summary>
    public static IReadOnlyDictionary<char, string> All => _decompositions;

    /// <summary>The character that is <paramref name="first"/> followed by <paramref name="mark"/>, as NFC composes it.</summary>
    public static bool TryCompose(char first, char mark, out char composed) =>
        _compositions.TryGetValue((first, mark), out composed);

    /// <summary>
    /// The one character <paramref name="character"/> is canonically equivalent to, as NFC turns
    /// U+212B ANGSTROM SIGN into <c>Å</c>; false for every other character.
    /// </summary>
    public static bool TryGetSingleton(char character, out char equivalent) =>
        _singletons.TryGetValue(character, out equivalent);

    /// <summary>
    /// The character <paramref name="character"/> decomposes to once all its marks are taken away
    /// (<c>Ǻ</c> → <c>A</c>), or <paramref name="character"/> itself when it does not decompose.
    /// </summary>
    public static char BaseOf(char character)
    {
        while (_decompositions.TryGetValue(character, out var decomposition))
        {
            character = decomposition[0];
        }

        return character;
    }

    private static Dictionary<char, string> Decompositions()
    {
        var decompositions = _singletons.ToDictionary(entry => entry.Key, entry => entry.Value.ToString());
        foreach (var (mark, pairs) in _pairsByMark)
        {
            foreach (var pair in pairs.Split(' '))
            {
                if (pair.Length != 2)
                {
                    throw new FormatException($"'{pair}' under U+{(int)mark:X4} is not a character and its composition.");
                }

                decompositions.Add(pair[1], new([pair[0], mark]));
            }
        }

        return decompositions;
    }
}
