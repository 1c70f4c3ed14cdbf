//! Pinyin knowledge: the syllable inventory and the surname lists of the shared
//! domain notes (PINYIN.md §3–§5), and name-shape tests built on them.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet as HashSet};

/// Toneless Mandarin syllables usable in names (PINYIN.md §3, 403 core syllables,
/// plus the ASCII spellings `lv`, `lve`, `nv`, `nve` of ü).
const SYLLABLES: &str = "a ai an ang ao e ei en eng er o ou \
ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu \
pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu \
ma mai man mang mao mei men meng mi mian miao mie min ming miu mo mou mu \
fa fan fang fei fen feng fo fou fu \
da dai dan dang dao de dei deng di dia dian diao die ding diu dong dou du duan dui dun duo \
ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo \
na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve nue \
la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu long lou lu luan lun luo lv lve lue \
ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo \
ka kai kan kang kao ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo \
ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo \
ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun \
qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun \
xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun \
zha zhai zhan zhang zhao zhe zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo \
cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo \
sha shai shan shang shao she shen sheng shi shou shu shua shuai shuan shuang shui shun shuo \
ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo \
za zai zan zang zao ze zei zen zeng zi zong zou zu zuan zui zun zuo \
ca cai can cang cao ce cen ceng ci cong cou cu cuan cui cun cuo \
sa sai san sang sao se sen seng si song sou su suan sui sun suo \
ya yan yang yao ye yi yin ying yong you yu yuan yue yun \
wa wai wan wang wei wen weng wo wu";

/// The 196 distinct pinyin spellings of the 300 commonest surnames (PINYIN.md §4.3),
/// plus ASCII forms of Lü (`Lv`, `Lyu`) and 赖 Lai (common in Jiangxi, Fujian and
/// Guangdong, ranked about 110th by the 2020 MPS report, missing from the 300-list).
const SURNAMES: &str = "ai an ao bai ban bao bi bian bo bu cai cao cen chai chang che chen cheng chi chu \
cong cui dai dang deng diao ding dong dou du duan fan fang fei feng fu gan gao ge geng gong gou gu guan gui \
guo hai han hao he hou hu hua huang hui huo ji jia jian jiang jiao jin jing ju kan kang ke kong kou kuang lan \
lai lang lao lei leng li lian liang liao lin ling liu long lou lu luan luo lv lyu ma mai man mao mei meng mi miao \
min ming mo mou mu nan ni nie ning niu nong ou pan pang pei peng pi piao pu qi qian qiang qiao qin qiu qu quan \
ran rao ren rong ruan sang sha shan shang shao she shen sheng shi shu shuai si song su sui sun tan tang tao \
teng tian tong tu wan wang wei wen weng wu xi xia xian xiang xiao xie xin xing xiong xu xue yan yang yao ye \
yi yin ying you yu yuan yue zang zeng zha zhai zhan zhang zhao zhen zheng zhong zhou zhu zhuang zhuo zong zou zuo";

/// Compound surnames (PINYIN.md §4.4).
const COMPOUND_SURNAMES: &str = "ouyang shangguan sima zhuge situ dongfang huangfu yuchi gongsun zhangsun \
yuwen nangong duanmu xiahou linghu xuanyuan dugu huyan murong zhongli lvqiu moqi shentu ximen tantai gongye \
taishu zongzheng puyang chunyu chanyu helian sikong tuoba baili dongguo gongyang zuoqiu diwu wanyan nalan";

/// Non-mainland romanisations of common surnames (PINYIN.md §5.4: Wade-Giles,
/// Hong Kong Cantonese, Hokkien/Teochew).
const OTHER_SURNAMES: &str = "cheung chan wong lee lau yeung chiu chow ng tsui hui lam kwok cheng tse choi \
tsang yau yip chung ko leung chang chao chou hsu kuo hsieh tsai tseng yeh kao liang teo tan ong lim goh koh \
khoo low chong wee ooi yeo chew kwek quek tay teh chia sia chua cheong neo lie";

/// Surname characters (PINYIN.md §4.1–§4.2) for names printed in Chinese characters.
const SURNAME_CHARS: &str =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈\
姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤\
常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季\
裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦\
戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻\
苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练\
傅萧阎";

struct Tables {
    syllables: HashSet<&'static str>,
    max_len: usize,
    /// Every surname spelling with its lists: [`SURNAME`], [`COMPOUND`], [`OTHER`] bits.
    names: FxHashMap<&'static str, u8>,
    /// The same, keyed by [`pack`]ed spelling: a probe without folding into a string.
    packed: FxHashMap<u64, u8>,
    /// The first two letters of the names in `packed` ([`first_two_bit`]), as a bit set.
    name_starts: [u64; 16],
    names_max_len: usize,
    surname_chars: HashSet<char>,
}

const SURNAME: u8 = 1;
const COMPOUND: u8 = 2;
const OTHER: u8 = 4;

/// The surname lists `f` (a folded token) is on, one table probe for all of them.
fn name_flags(f: &str) -> u8 {
    let t = &*TABLES;
    if f.len() > t.names_max_len {
        return 0;
    }
    t.names.get(f).copied().unwrap_or(0)
}

/// A token of at most 12 ASCII letters (apostrophes and hyphens skipped, as [`fold`]
/// skips them) as a number, five bits a letter, and the number of letters: `None` for
/// anything else.
fn pack(token: &str) -> Option<(u64, u32)> {
    let mut key = 0u64;
    let mut n = 0;
    for b in token.bytes() {
        match b {
            b'\'' | b'-' => continue,
            b'a'..=b'z' | b'A'..=b'Z' if n < 12 => {
                key = (key << 5) | u64::from((b | 0x20) - b'a' + 1);
                n += 1;
            }
            _ => return None,
        }
    }
    Some((key, n))
}

/// The first two letters of a [`pack`]ed key of `n` letters as a bit of a 1,024-bit set
/// (word, mask); `None` for a key of fewer than two letters.
fn first_two_bit(key: u64, n: u32) -> Option<(usize, u64)> {
    let two = (key >> (5 * n.checked_sub(2)?)) as usize & 0x3ff;
    Some((two >> 6, 1 << (two & 63)))
}

/// [`name_flags`] of [`fold`]`(token)`: ASCII names are looked up by [`pack`]ed
/// spelling (this runs for every word of every article).
fn token_flags(token: &str) -> u8 {
    let t = &*TABLES;
    let Some((key, n)) = pack(token) else {
        return with_fold(token, name_flags);
    };
    // (most words begin with two letters that begin no name: no probe for them)
    if first_two_bit(key, n).is_some_and(|(word, bit)| t.name_starts[word] & bit == 0) {
        return 0;
    }
    t.packed.get(&key).copied().unwrap_or(0)
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let syllables: HashSet<&str> = SYLLABLES.split_whitespace().collect();
    let max_len = syllables.iter().map(|s| s.len()).max().unwrap_or(6);
    let mut names: FxHashMap<&'static str, u8> = FxHashMap::default();
    for (list, bit) in [(SURNAMES, SURNAME), (COMPOUND_SURNAMES, COMPOUND), (OTHER_SURNAMES, OTHER)] {
        for n in list.split_whitespace() {
            *names.entry(n).or_default() |= bit;
        }
    }
    let names_max_len = names.keys().map(|n| n.len()).max().unwrap_or(0);
    let mut packed: FxHashMap<u64, u8> = FxHashMap::default();
    let mut name_starts = [0u64; 16];
    for (name, bits) in &names {
        let Some((key, n)) = pack(name) else { continue };
        packed.insert(key, *bits);
        if let Some((word, bit)) = first_two_bit(key, n) {
            name_starts[word] |= bit;
        }
    }
    Tables {
        syllables,
        max_len,
        names,
        packed,
        name_starts,
        names_max_len,
        surname_chars: SURNAME_CHARS.chars().filter(|c| !c.is_whitespace()).collect(),
    }
});

/// Calls `f` with [`fold`]`(token)`, without allocating for short ASCII tokens.
fn with_fold<R>(token: &str, f: impl FnOnce(&str) -> R) -> R {
    const CAP: usize = 48;
    if token.len() <= CAP && token.is_ascii() {
        let mut buf = [0u8; CAP];
        let mut n = 0;
        for b in token.bytes() {
            if !matches!(b, b'\'' | b'-') {
                buf[n] = b.to_ascii_lowercase();
                n += 1;
            }
        }
        if let Ok(s) = std::str::from_utf8(&buf[..n]) {
            return f(s);
        }
    }
    f(&fold(token))
}

/// Lower-cases and removes tone marks, apostrophes and hyphens; `ü` becomes `v`.
pub fn fold(token: &str) -> String {
    if token.is_ascii() {
        return token.bytes().filter(|b| !matches!(b, b'\'' | b'-')).map(|b| b.to_ascii_lowercase() as char).collect();
    }
    let mut out = String::with_capacity(token.len());
    for c in token.chars() {
        let c = match c {
            'ā' | 'á' | 'ǎ' | 'à' | 'Ā' | 'Á' | 'Ǎ' | 'À' => 'a',
            'ē' | 'é' | 'ě' | 'è' | 'Ē' | 'É' | 'Ě' | 'È' => 'e',
            'ī' | 'í' | 'ǐ' | 'ì' | 'Ī' | 'Í' | 'Ǐ' | 'Ì' => 'i',
            'ō' | 'ó' | 'ǒ' | 'ò' | 'Ō' | 'Ó' | 'Ǒ' | 'Ò' => 'o',
            'ū' | 'ú' | 'ǔ' | 'ù' | 'Ū' | 'Ú' | 'Ǔ' | 'Ù' => 'u',
            'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'Ü' => 'v',
            '\'' | '’' | '‘' | '-' | '‐' => continue,
            c => c,
        };
        out.extend(c.to_lowercase());
    }
    out
}

/// Number of syllables in some complete segmentation of `token` into 1..=`max`
/// pinyin syllables (fewest first), or `None`. Exhaustive DP, so `Lungen` = lun·gen.
pub fn segment(token: &str, max: usize) -> Option<usize> {
    with_fold(token, |t| segment_folded(t, max))
}

fn segment_folded(t: &str, max: usize) -> Option<usize> {
    if t.is_empty() || !t.is_ascii() {
        return None;
    }
    let tables = &*TABLES;
    let n = t.len();
    // best[i] = fewest syllables covering t[..i]
    let mut stack = [usize::MAX; 49];
    let mut heap = Vec::new();
    let best: &mut [usize] = if n < stack.len() {
        &mut stack[..=n]
    } else {
        heap.resize(n + 1, usize::MAX);
        &mut heap
    };
    best[0] = 0;
    for i in 0..n {
        if best[i] == usize::MAX {
            continue;
        }
        for len in 1..=tables.max_len.min(n - i) {
            if tables.syllables.contains(&t[i..i + len]) && best[i] + 1 < best[i + len] {
                best[i + len] = best[i] + 1;
            }
        }
    }
    let k = best[n];
    (k != usize::MAX && k <= max).then_some(k)
}

/// A valid pinyin given name: one word of 1–3 syllables.
pub fn is_given_name(token: &str) -> bool {
    segment(token, 3).is_some()
}

/// A single pinyin syllable.
pub fn is_syllable(token: &str) -> bool {
    with_fold(token, |f| segment_folded(f, 1) == Some(1) && TABLES.syllables.contains(f))
}

/// A common mainland surname spelling (one syllable) or a compound surname.
pub fn is_surname(token: &str) -> bool {
    token_flags(token) & (SURNAME | COMPOUND) != 0
}

/// [`is_surname`] and [`is_other_surname`] of one token, with one folding and one probe.
pub fn surname_class(token: &str) -> (bool, bool) {
    let flags = token_flags(token);
    (flags & (SURNAME | COMPOUND) != 0, flags & OTHER != 0)
}

/// A compound (two-syllable) surname such as Ouyang.
pub fn is_compound_surname(token: &str) -> bool {
    token_flags(token) & COMPOUND != 0
}

/// A non-mainland romanisation of a surname (Cheung, Chan, Tsai, Lim, …).
pub fn is_other_surname(token: &str) -> bool {
    token_flags(token) & OTHER != 0
}

/// A surname character, for names printed in Chinese characters.
pub fn is_surname_char(c: char) -> bool {
    TABLES.surname_chars.contains(&c)
}

/// Surnames that are also common English words (PINYIN.md §5.2): a bare one is
/// never taken for a person on its own.
pub fn is_english_collision(token: &str) -> bool {
    with_fold(token, |f| {
        matches!(
            f,
            "he" | "sun"
                | "long"
                | "fan"
                | "pan"
                | "tang"
                | "man"
                | "bin"
                | "ding"
                | "gong"
                | "hang"
                | "chang"
                | "ban"
                | "mo"
                | "you"
                | "ma"
                | "bo"
                | "gang"
                | "ping"
                | "song"
                | "yang"
                | "mi"
                | "pi"
                | "hu"
                | "ye"
                | "shi"
                | "lu"
                | "lin"
                | "mao"
                | "bai"
                | "kong"
                | "ming"
                | "an"
                | "lee"
                | "chan"
                | "tan"
                | "sang"
                | "she"
                | "wan"
                | "gu"
                | "du"
                | "li"
                | "yu"
                | "ai"
                | "mu"
                | "dong"
                | "lei"
                | "pu"
                | "ji"
                | "ran"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_lookup_agrees_with_the_folded_one() {
        for (name, bits) in &TABLES.names {
            let cap = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
            for token in [name.to_string(), cap, name.to_uppercase(), format!("{}'{}", &name[..1], &name[1..])] {
                assert_eq!(token_flags(&token), *bits, "{token}");
                assert_eq!(token_flags(&token), with_fold(&token, name_flags), "{token}");
            }
        }
        for token in ["committee", "Zhangsunx", "Lǚ", "Chén", "wang2", "o-u-y-a-n-g", "", "abcdefghijklmn"] {
            assert_eq!(token_flags(token), with_fold(token, name_flags), "{token}");
        }
    }

    #[test]
    fn segments_given_names_exhaustively() {
        assert_eq!(segment("Huijun", 3), Some(2));
        assert_eq!(segment("Lungen", 3), Some(2));
        assert_eq!(segment("Kaoquan", 3), Some(2));
        assert_eq!(segment("Xin'an", 3), Some(2));
        assert_eq!(segment("Xin’an", 3), Some(2));
        assert_eq!(segment("Xian", 3), Some(1));
        assert_eq!(segment("Bing", 3), Some(1));
        assert!(is_given_name("Jingqi"));
        assert!(!is_given_name("Village"));
        assert!(!is_given_name("Said"));
        assert!(!is_given_name("Kovšca"));
        assert!(!is_given_name(""));
        assert!(!is_given_name("Zhangjiajiejiajie"));
    }

    #[test]
    fn surnames_and_pitfalls() {
        assert!(is_surname("Ao"));
        assert!(is_surname("ZHANG"));
        assert!(is_surname("Ouyang"));
        assert!(is_compound_surname("Ouyang"));
        assert!(!is_surname("Hunan"));
        assert!(!is_surname("The"));
        assert!(is_other_surname("Cheung"));
        assert!(!is_other_surname("Zhang"));
        assert!(is_surname_char('闫'));
        assert!(!is_surname_char('猜'));
        assert!(is_english_collision("He"));
        assert!(!is_english_collision("Wu"));
        assert!(is_syllable("Zhou"));
        assert!(!is_syllable("Wenyuan"));
        assert_eq!(fold("Gě Huìjūn"), "ge huijun");
        assert_eq!(fold("Lǚ"), "lv");
    }
}
