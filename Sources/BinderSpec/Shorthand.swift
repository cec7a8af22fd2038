// Short names that keep the tables readable. Internal to the spec.

let u8 = CType.scalar(.u8)
let u32 = CType.scalar(.u32)
let s32 = CType.scalar(.s32)
let s64 = CType.scalar(.s64)
let sizeT = CType.scalar(.sizeT)
let uintptrT = CType.scalar(.uintptrT)
let pidT = CType.scalar(.pidT)
let uid32T = CType.scalar(.uid32T)

func ref(_ structName: String) -> CType { .structRef(structName) }

func union(_ fields: Field...) -> CType { .record(Record(.union, fields)) }

func record(_ fields: Field...) -> CType { .record(Record(.struct, fields)) }

func v(_ major: Int, _ minor: Int) -> KernelVersion { KernelVersion(major, minor) }

/// The binder uapi as it has been since it left staging (Linux 3.19).
let base = KernelVersion(3, 19)
