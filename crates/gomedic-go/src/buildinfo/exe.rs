//! The executable formats Go's `debug/buildinfo` opens (ELF, PE, Mach-O and
//! fat Mach-O): the checks Go's parsers make before they accept a file, the
//! address map used to read virtual addresses, and where the build-info blob
//! is searched. Headers are read with `object`'s types from any `ReadRef`
//! (a byte slice, or a lazily read file).

use object::elf::{FileHeader32, FileHeader64};
use object::macho;
use object::pe;
use object::read::elf::{FileHeader, ProgramHeader, SectionHeader};
use object::read::macho::Section as _;
use object::{Endianness, ReadRef};

use super::BuildInfoError;

/// One readable range of virtual addresses and where its bytes are in the file.
#[derive(Debug, Clone)]
pub(crate) struct Region {
    /// First address of the range.
    pub lo: u64,
    /// Last address (inclusive) as Go computes it, with Go's wrap-around.
    pub hi: u64,
    /// One past the last readable address (remaining = end - addr, wrapping).
    pub end: u64,
    /// File offset of `lo`.
    pub file_offset: u64,
    /// Mach-O `__PAGEZERO`: matched, then skipped, like Go does.
    pub skip: bool,
}

/// Where Go looks for the blob: a named section, or the fallback segment.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DataStart {
    pub named: Option<(u64, u64)>,
    /// The first writable data segment (ELF/Mach-O; used by Go 1.21/1.22 only).
    pub fallback: Option<(u64, u64)>,
}

/// An opened executable: its address map and where the blob should be.
#[derive(Debug, Clone)]
pub(crate) struct Exe {
    /// True for PE, whose Go 1.21 reader turns read errors into `unrecognized file format`.
    pub is_pe: bool,
    /// Subtracted (wrapping) from addresses before lookup (PE image base).
    pub addr_bias: u64,
    /// PE compares 32-bit section addresses.
    pub regions: Vec<Region>,
    pub data_start: DataStart,
}

/// What `read` returns when the bytes are not all there (Go's `io.EOF`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// No region holds the address (Go: `unrecognized file format`).
    Unmapped,
    /// The region or the file ended first.
    Eof,
}

impl Exe {
    /// The file offset of `addr` and how many bytes its region still holds
    /// (the file itself may end sooner).
    pub(crate) fn locate(&self, addr: u64) -> Result<(u64, u64), ReadError> {
        let a = addr.wrapping_sub(self.addr_bias);
        for region in &self.regions {
            if region.lo <= a && a <= region.hi {
                if region.skip {
                    continue;
                }
                let remaining = region.end.wrapping_sub(a);
                let offset = region.file_offset.saturating_add(a - region.lo);
                return Ok((offset, remaining));
            }
        }
        Err(ReadError::Unmapped)
    }
}

fn unrecognized<T>(_: T) -> BuildInfoError {
    BuildInfoError::UnrecognizedFormat
}

/// Opens `data` like Go's `readRawBuildInfo` does, by its first 16 bytes.
pub(crate) fn open<'data, R: ReadRef<'data>>(data: R) -> Result<Exe, BuildInfoError> {
    let ident = data.read_bytes_at(0, 16).map_err(unrecognized)?;
    if ident.starts_with(b"\x7fELF") {
        match ident[4] {
            1 => open_elf::<FileHeader32<Endianness>, R>(data),
            2 => open_elf::<FileHeader64<Endianness>, R>(data),
            _ => Err(BuildInfoError::UnrecognizedFormat),
        }
    } else if ident.starts_with(b"MZ") {
        open_pe(data)
    } else if ident.starts_with(b"\xfe\xed\xfa") || ident[1..].starts_with(b"\xfa\xed\xfe") {
        open_macho(data, 0, data.len().map_err(unrecognized)?)
    } else if ident.starts_with(b"\xca\xfe\xba\xbe") || ident.starts_with(b"\xca\xfe\xba\xbf") {
        open_fat(data)
    } else {
        Err(BuildInfoError::UnrecognizedFormat)
    }
}

// ---------------------------------------------------------------- ELF

const SHF_COMPRESSED: u64 = 0x800;
const SHT_STRTAB: u32 = 3;
const SHT_NOBITS: u32 = 8;
const PT_LOAD: u32 = 1;
const PF_X: u32 = 1;
const PF_W: u32 = 2;

fn open_elf<'data, Elf, R>(data: R) -> Result<Exe, BuildInfoError>
where
    Elf: FileHeader<Endian = Endianness>,
    R: ReadRef<'data>,
{
    let header = Elf::parse(data).map_err(unrecognized)?;
    let endian = header.endian().map_err(unrecognized)?;
    if header.e_version(endian) != u32::from(header.e_ident().version) {
        return Err(BuildInfoError::UnrecognizedFormat);
    }
    let file_len = data.len().map_err(unrecognized)?;

    // Program headers.
    let phoff: u64 = header.e_phoff(endian).into();
    let phentsize = u64::from(header.e_phentsize(endian));
    let phnum = u64::from(header.e_phnum(endian));
    let ph_size = std::mem::size_of::<Elf::ProgramHeader>() as u64;
    if phnum > 0 && phentsize < ph_size {
        return Err(BuildInfoError::UnrecognizedFormat);
    }
    let mut regions = Vec::new();
    let mut fallback = None;
    for i in 0..phnum {
        let offset = phoff
            .checked_add(i * phentsize)
            .ok_or(BuildInfoError::UnrecognizedFormat)?;
        let ph: &Elf::ProgramHeader = data.read_at(offset).map_err(unrecognized)?;
        let vaddr: u64 = ph.p_vaddr(endian).into();
        let filesz: u64 = ph.p_filesz(endian).into();
        regions.push(Region {
            lo: vaddr,
            hi: vaddr.wrapping_add(filesz).wrapping_sub(1),
            end: vaddr.wrapping_add(filesz),
            file_offset: ph.p_offset(endian).into(),
            skip: false,
        });
        let flags = ph.p_flags(endian);
        if fallback.is_none() && ph.p_type(endian) == PT_LOAD && flags & (PF_X | PF_W) == PF_W {
            fallback = Some((vaddr, ph.p_memsz(endian).into()));
        }
    }

    // Section headers, with the checks Go's elf.NewFile makes.
    let shoff: u64 = header.e_shoff(endian).into();
    let shentsize = u64::from(header.e_shentsize(endian));
    let sh_size = std::mem::size_of::<Elf::SectionHeader>() as u64;
    let mut shnum = u64::from(header.e_shnum(endian));
    let mut shstrndx = u64::from(header.e_shstrndx(endian));
    if shnum == 0 && shoff > 0 {
        // Extended numbering: the real counts live in section 0.
        let sh0: &Elf::SectionHeader = data.read_at(shoff).map_err(unrecognized)?;
        shnum = sh0.sh_size(endian).into();
        if shstrndx == 0xffff {
            shstrndx = u64::from(sh0.sh_link(endian));
        }
    } else if shstrndx == 0xffff && shnum > 0 && shoff > 0 {
        let sh0: &Elf::SectionHeader = data.read_at(shoff).map_err(unrecognized)?;
        shstrndx = u64::from(sh0.sh_link(endian));
    }
    if shoff == 0 && shnum != 0 {
        return Err(BuildInfoError::UnrecognizedFormat);
    }
    if shnum > 0 && shentsize < sh_size {
        return Err(BuildInfoError::UnrecognizedFormat);
    }
    if shnum > 0 && shstrndx >= shnum {
        return Err(BuildInfoError::UnrecognizedFormat);
    }
    // Bound the table by the file size before walking it.
    if shnum.saturating_mul(shentsize) > file_len {
        return Err(BuildInfoError::UnrecognizedFormat);
    }
    let mut sections = Vec::with_capacity(shnum as usize);
    for i in 0..shnum {
        let offset = shoff
            .checked_add(i * shentsize)
            .ok_or(BuildInfoError::UnrecognizedFormat)?;
        let sh: &Elf::SectionHeader = data.read_at(offset).map_err(unrecognized)?;
        let flags: u64 = sh.sh_flags(endian).into();
        let sh_type = sh.sh_type(endian);
        if flags & SHF_COMPRESSED != 0 && sh_type != SHT_NOBITS {
            // Go reads the compression header while opening the file.
            let chdr_size = if Elf::is_type_64_sized() { 24 } else { 12 };
            let sh_offset: u64 = sh.sh_offset(endian).into();
            let sh_len: u64 = sh.sh_size(endian).into();
            if sh_len < chdr_size || sh_offset.saturating_add(chdr_size) > file_len {
                return Err(BuildInfoError::UnrecognizedFormat);
            }
        }
        sections.push(sh);
    }
    let mut named = None;
    if shnum > 0 {
        let strtab = sections[shstrndx as usize];
        if strtab.sh_type(endian) != SHT_STRTAB {
            return Err(BuildInfoError::UnrecognizedFormat);
        }
        let str_offset: u64 = strtab.sh_offset(endian).into();
        let str_size: u64 = strtab.sh_size(endian).into();
        let names = data
            .read_bytes_at(str_offset, str_size)
            .map_err(unrecognized)?;
        for sh in &sections {
            let start = sh.sh_name(endian) as usize;
            if start >= names.len() {
                return Err(BuildInfoError::UnrecognizedFormat);
            }
            let name = &names[start..];
            let name = &name[..name.iter().position(|&b| b == 0).unwrap_or(name.len())];
            if named.is_none() && name == b".go.buildinfo" {
                named = Some((sh.sh_addr(endian).into(), sh.sh_size(endian).into()));
            }
        }
    }
    Ok(Exe {
        is_pe: false,
        addr_bias: 0,
        regions,
        data_start: DataStart { named, fallback },
    })
}

// ---------------------------------------------------------------- PE

const KNOWN_PE_MACHINES: [u16; 8] = [0, 0x14c, 0x8664, 0x1c4, 0xaa64, 0x5032, 0x5064, 0x5128];
const IMAGE_SCN_ALIGN_32BYTES: u32 = 0x0060_0000;
const DATA_SECTION: u32 = 0x0000_0040 | 0x4000_0000 | 0x8000_0000;

fn open_pe<'data, R: ReadRef<'data>>(data: R) -> Result<Exe, BuildInfoError> {
    // Go reads a 96-byte DOS header first.
    data.read_bytes_at(0, 96).map_err(unrecognized)?;
    let dos: &pe::ImageDosHeader = data.read_at(0).map_err(unrecognized)?;
    let signature_offset = u64::from(dos.e_lfanew.get(object::LittleEndian));
    let signature = data
        .read_bytes_at(signature_offset, 4)
        .map_err(unrecognized)?;
    if signature != b"PE\0\0" {
        return Err(BuildInfoError::UnrecognizedFormat);
    }
    let base = signature_offset + 4;
    let file: &pe::ImageFileHeader = data.read_at(base).map_err(unrecognized)?;
    let le = object::LittleEndian;
    if !KNOWN_PE_MACHINES.contains(&file.machine.get(le)) {
        return Err(BuildInfoError::UnrecognizedFormat);
    }
    let symbols_at = file.pointer_to_symbol_table.get(le);
    let symbol_count = file.number_of_symbols.get(le);
    let mut string_table: &[u8] = &[];
    if symbols_at > 0 {
        let strings_at = symbols_at.wrapping_add(18u32.wrapping_mul(symbol_count));
        let length: &object::U32Bytes<object::LittleEndian> =
            data.read_at(u64::from(strings_at)).map_err(unrecognized)?;
        let length = length.get(le);
        if length > 4 {
            string_table = data
                .read_bytes_at(u64::from(strings_at) + 4, u64::from(length - 4))
                .map_err(unrecognized)?;
        }
        if symbol_count > 0 {
            data.read_bytes_at(u64::from(symbols_at), u64::from(symbol_count) * 18)
                .map_err(unrecognized)?;
        }
    }
    let optional_size = u64::from(file.size_of_optional_header.get(le));
    let optional_at = base + 20;
    let mut image_base = 0u64;
    if optional_size > 0 {
        if optional_size < 2 {
            return Err(BuildInfoError::UnrecognizedFormat);
        }
        let magic: &object::U16Bytes<object::LittleEndian> =
            data.read_at(optional_at).map_err(unrecognized)?;
        image_base = match magic.get(le) {
            0x10b => {
                let oh: &pe::ImageOptionalHeader32 =
                    data.read_at(optional_at).map_err(unrecognized)?;
                u64::from(oh.image_base.get(le))
            }
            0x20b => {
                let oh: &pe::ImageOptionalHeader64 =
                    data.read_at(optional_at).map_err(unrecognized)?;
                oh.image_base.get(le)
            }
            _ => return Err(BuildInfoError::UnrecognizedFormat),
        };
    }
    let sections_at = optional_at + optional_size;
    let count = u64::from(file.number_of_sections.get(le));
    let mut regions = Vec::new();
    let mut named = None;
    for i in 0..count {
        let sh: &pe::ImageSectionHeader =
            data.read_at(sections_at + i * 40).map_err(unrecognized)?;
        if sh.name[0] == b'/' {
            // A long name is an offset into the COFF string table.
            let digits = &sh.name[1..];
            let digits = &digits[..digits.iter().position(|&b| b == 0).unwrap_or(digits.len())];
            let index: usize = std::str::from_utf8(digits)
                .ok()
                .and_then(|d| d.parse().ok())
                .ok_or(BuildInfoError::UnrecognizedFormat)?;
            // Offsets count the 4-byte length that the table read skipped.
            if index < 4 || index - 4 > string_table.len() {
                return Err(BuildInfoError::UnrecognizedFormat);
            }
        }
        let relocations = u64::from(sh.number_of_relocations.get(le));
        if relocations > 0 {
            data.read_bytes_at(
                u64::from(sh.pointer_to_relocations.get(le)),
                relocations * 10,
            )
            .map_err(unrecognized)?;
        }
        let va = sh.virtual_address.get(le);
        let raw_size = sh.size_of_raw_data.get(le);
        regions.push(Region {
            lo: u64::from(va),
            hi: u64::from(va.wrapping_add(raw_size).wrapping_sub(1)),
            end: u64::from(va.wrapping_add(raw_size)),
            file_offset: u64::from(sh.pointer_to_raw_data.get(le)),
            skip: false,
        });
        let characteristics = sh.characteristics.get(le);
        if named.is_none()
            && va != 0
            && raw_size != 0
            && characteristics & !IMAGE_SCN_ALIGN_32BYTES == DATA_SECTION
        {
            named = Some((
                u64::from(va) + image_base,
                u64::from(sh.virtual_size.get(le)),
            ));
        }
    }
    Ok(Exe {
        is_pe: true,
        addr_bias: image_base,
        regions,
        data_start: DataStart {
            named,
            fallback: None,
        },
    })
}

// ---------------------------------------------------------------- Mach-O

const LC_SEGMENT: u32 = 0x1;
const LC_SYMTAB: u32 = 0x2;
const LC_DYSYMTAB: u32 = 0xb;
const LC_LOAD_DYLIB: u32 = 0xc;
const LC_SEGMENT_64: u32 = 0x19;
const LC_RPATH: u32 = 0x8000_001c;

/// Opens the thin Mach-O file at `[base, base+size)` of `data`.
fn open_macho<'data, R: ReadRef<'data>>(
    data: R,
    base: u64,
    size: u64,
) -> Result<Exe, BuildInfoError> {
    let magic = data.read_bytes_at(base, 4).map_err(unrecognized)?;
    let magic_le = u32::from_le_bytes([magic[0], magic[1], magic[2], magic[3]]);
    let (endian, is_64) = match magic_le {
        macho::MH_MAGIC => (Endianness::Little, false),
        macho::MH_MAGIC_64 => (Endianness::Little, true),
        macho::MH_CIGAM => (Endianness::Big, false),
        macho::MH_CIGAM_64 => (Endianness::Big, true),
        _ => return Err(BuildInfoError::UnrecognizedFormat),
    };
    let header_size = if is_64 { 32 } else { 28 };
    if size < header_size {
        return Err(BuildInfoError::UnrecognizedFormat);
    }
    let header: &macho::MachHeader32<Endianness> = data.read_at(base).map_err(unrecognized)?;
    use object::read::macho::MachHeader as _;
    let ncmds = header.ncmds(endian);
    let sizeofcmds = u64::from(header.sizeofcmds(endian));
    if header_size + sizeofcmds > size {
        return Err(BuildInfoError::UnrecognizedFormat);
    }
    let mut commands = data
        .read_bytes_at(base + header_size, sizeofcmds)
        .map_err(unrecognized)?;
    let within = |offset: u64, len: u64| offset.checked_add(len).is_some_and(|end| end <= size);

    let mut regions = Vec::new();
    let mut named = None;
    let mut fallback = None;
    for _ in 0..ncmds {
        if commands.len() < 8 {
            return Err(BuildInfoError::UnrecognizedFormat);
        }
        let cmd = endian.read_u32_bytes([commands[0], commands[1], commands[2], commands[3]]);
        let cmdsize =
            endian.read_u32_bytes([commands[4], commands[5], commands[6], commands[7]]) as usize;
        if cmdsize < 8 || cmdsize > commands.len() {
            return Err(BuildInfoError::UnrecognizedFormat);
        }
        let body = &commands[..cmdsize];
        commands = &commands[cmdsize..];
        match cmd {
            LC_SEGMENT_64 => {
                let (segment, sections) =
                    macho_segment::<macho::SegmentCommand64<Endianness>>(body, endian)?;
                record_segment(
                    segment,
                    sections,
                    endian,
                    base,
                    &mut regions,
                    &mut named,
                    &mut fallback,
                );
            }
            LC_SEGMENT => {
                let (segment, sections) =
                    macho_segment::<macho::SegmentCommand32<Endianness>>(body, endian)?;
                record_segment(
                    segment,
                    sections,
                    endian,
                    base,
                    &mut regions,
                    &mut named,
                    &mut fallback,
                );
            }
            LC_SYMTAB => {
                let symtab: &macho::SymtabCommand<Endianness> =
                    body.read_at(0).map_err(unrecognized)?;
                let (symoff, nsyms) = (
                    u64::from(symtab.symoff.get(endian)),
                    u64::from(symtab.nsyms.get(endian)),
                );
                let (stroff, strsize) = (
                    u64::from(symtab.stroff.get(endian)),
                    u64::from(symtab.strsize.get(endian)),
                );
                let entry = if is_64 { 16 } else { 12 };
                if !within(stroff, strsize) || !within(symoff, nsyms * entry) {
                    return Err(BuildInfoError::UnrecognizedFormat);
                }
                // Every symbol's name must point inside the string table.
                let table = data
                    .read_bytes_at(base + symoff, nsyms * entry)
                    .map_err(unrecognized)?;
                for symbol in table.chunks_exact(entry as usize) {
                    let strx = endian.read_u32_bytes([symbol[0], symbol[1], symbol[2], symbol[3]]);
                    if u64::from(strx) >= strsize {
                        return Err(BuildInfoError::UnrecognizedFormat);
                    }
                }
            }
            LC_DYSYMTAB => {
                let dysymtab: &macho::DysymtabCommand<Endianness> =
                    body.read_at(0).map_err(unrecognized)?;
                let offset = u64::from(dysymtab.indirectsymoff.get(endian));
                let count = u64::from(dysymtab.nindirectsyms.get(endian));
                if !within(offset, count * 4) {
                    return Err(BuildInfoError::UnrecognizedFormat);
                }
            }
            LC_LOAD_DYLIB | LC_RPATH => {
                if body.len() < 12 {
                    return Err(BuildInfoError::UnrecognizedFormat);
                }
                let name_offset = endian.read_u32_bytes([body[8], body[9], body[10], body[11]]);
                if name_offset as usize >= body.len() {
                    return Err(BuildInfoError::UnrecognizedFormat);
                }
            }
            _ => {}
        }
    }
    Ok(Exe {
        is_pe: false,
        addr_bias: 0,
        regions,
        data_start: DataStart { named, fallback },
    })
}

/// A segment command and its section headers, read from one load command.
fn macho_segment<Seg: object::read::macho::Segment<Endian = Endianness>>(
    body: &[u8],
    endian: Endianness,
) -> Result<(&Seg, &[Seg::Section]), BuildInfoError> {
    let segment: &Seg = body.read_at(0).map_err(unrecognized)?;
    let count = u64::from(segment.nsects(endian));
    let sections = body
        .read_slice_at::<Seg::Section>(std::mem::size_of::<Seg>() as u64, count as usize)
        .map_err(unrecognized)?;
    Ok((segment, sections))
}

fn record_segment<Seg: object::read::macho::Segment<Endian = Endianness>>(
    segment: &Seg,
    sections: &[Seg::Section],
    endian: Endianness,
    base: u64,
    regions: &mut Vec<Region>,
    named: &mut Option<(u64, u64)>,
    fallback: &mut Option<(u64, u64)>,
) {
    let addr: u64 = segment.vmaddr(endian).into();
    let filesz: u64 = segment.filesize(endian).into();
    let fileoff: u64 = segment.fileoff(endian).into();
    regions.push(Region {
        lo: addr,
        hi: addr.wrapping_add(filesz).wrapping_sub(1),
        end: addr.wrapping_add(filesz),
        file_offset: base.saturating_add(fileoff),
        skip: segment.name() == b"__PAGEZERO",
    });
    const RW: u32 = 3;
    if fallback.is_none()
        && addr != 0
        && filesz != 0
        && segment.initprot(endian) == RW
        && segment.maxprot(endian) == RW
    {
        *fallback = Some((addr, segment.vmsize(endian).into()));
    }
    for section in sections {
        if named.is_none() && section.name() == b"__go_buildinfo" {
            *named = Some((section.addr(endian).into(), section.size(endian).into()));
        }
    }
}

/// A fat (universal) Mach-O: Go parses every architecture and reads the first.
fn open_fat<'data, R: ReadRef<'data>>(data: R) -> Result<Exe, BuildInfoError> {
    let header = data.read_bytes_at(0, 8).map_err(unrecognized)?;
    if header[..4] != [0xca, 0xfe, 0xba, 0xbe] {
        return Err(BuildInfoError::UnrecognizedFormat);
    }
    let count = u32::from_be_bytes([header[4], header[5], header[6], header[7]]);
    if count < 1 {
        return Err(BuildInfoError::UnrecognizedFormat);
    }
    let file_len = data.len().map_err(unrecognized)?;
    if u64::from(count) * 20 > file_len {
        return Err(BuildInfoError::UnrecognizedFormat);
    }
    let mut first = None;
    let mut seen = Vec::new();
    for i in 0..u64::from(count) {
        let arch: &macho::FatArch32 = data.read_at(8 + i * 20).map_err(unrecognized)?;
        let be = object::BigEndian;
        let cpu = (arch.cputype.get(be), arch.cpusubtype.get(be));
        if seen.contains(&cpu) {
            return Err(BuildInfoError::UnrecognizedFormat);
        }
        seen.push(cpu);
        let offset = u64::from(arch.offset.get(be));
        let size = u64::from(arch.size.get(be));
        // A section reader of the arch: reads stop at the file's end.
        let size = size.min(file_len.saturating_sub(offset));
        let exe = open_macho(data, offset, size)?;
        if first.is_none() {
            first = Some(exe);
        }
    }
    first.ok_or(BuildInfoError::UnrecognizedFormat)
}

trait ReadU32Bytes {
    fn read_u32_bytes(self, bytes: [u8; 4]) -> u32;
}

impl ReadU32Bytes for Endianness {
    fn read_u32_bytes(self, bytes: [u8; 4]) -> u32 {
        match self {
            Endianness::Little => u32::from_le_bytes(bytes),
            Endianness::Big => u32::from_be_bytes(bytes),
        }
    }
}
