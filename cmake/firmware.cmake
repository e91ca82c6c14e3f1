# Builds RISC-V firmware ELFs with the cross toolchain inside the same CMake build as the host
# code, so `cmake --build` produces both the VP and the programs it runs.
#
#   cimvp_add_firmware_library(NAME SOURCES src... [INCLUDES dir...] [DEFINES D...])
#       -> lib${NAME}.a (target NAME), linkable by firmware
#   cimvp_add_firmware(NAME SOURCES src... [INCLUDES dir...] [DEFINES D...] [LIBRARIES lib...])
#       -> ${CMAKE_CURRENT_BINARY_DIR}/${NAME}.elf (target NAME, built by ALL)
#
# Both set the target property FIRMWARE_FILE to the produced file, e.g. for a test:
#   $<TARGET_PROPERTY:hello,FIRMWARE_FILE>
# The memory layout (see docs/firmware.md) uses picolibc's picolibc.ld, parameterized with
# --defsym: code and read-only data from CIMVP_RAM_BASE, read-write data, heap and stack above.
include_guard(GLOBAL)

if(NOT CIMVP_FIRMWARE)
  return()
endif()

find_program(CIMVP_RISCV_GCC riscv64-unknown-elf-gcc)
find_program(CIMVP_RISCV_AR riscv64-unknown-elf-ar)
if(NOT CIMVP_RISCV_GCC OR NOT CIMVP_RISCV_AR)
  message(FATAL_ERROR
    "RISC-V firmware: riscv64-unknown-elf-gcc/-ar not found. Install the Debian packages "
    "gcc-riscv64-unknown-elf and picolibc-riscv64-unknown-elf, or configure with "
    "-DCIMVP_FIRMWARE=OFF to build the host code only.")
endif()
execute_process(COMMAND ${CIMVP_RISCV_GCC} -print-file-name=picolibc.specs
                OUTPUT_VARIABLE _cimvp_picolibc_specs OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT IS_ABSOLUTE "${_cimvp_picolibc_specs}")
  message(FATAL_ERROR
    "RISC-V firmware: ${CIMVP_RISCV_GCC} does not find picolibc.specs. Install the Debian "
    "package picolibc-riscv64-unknown-elf, or configure with -DCIMVP_FIRMWARE=OFF.")
endif()
message(STATUS "RISC-V firmware: ${CIMVP_RISCV_GCC} with ${_cimvp_picolibc_specs}")

# Memory layout. RAM starts at CIMVP_RAM_BASE (platform/memory_map.h); the VP's and QEMU's
# default RAM is 128 MiB. The stack sits at the top of RAM, so firmware built for a RAM size
# needs at least that much RAM in the VP (cimvp's RAM option, QEMU's -m).
set(CIMVP_FIRMWARE_RAM_BASE 0x80000000 CACHE STRING "Firmware: RAM base address")
set(CIMVP_FIRMWARE_RAM_SIZE 0x08000000 CACHE STRING "Firmware: RAM size the firmware assumes")
set(CIMVP_FIRMWARE_TEXT_SIZE 0x01000000 CACHE STRING
    "Firmware: bytes at the start of RAM for code and read-only data")
set(CIMVP_FIRMWARE_STACK_SIZE 0x00010000 CACHE STRING "Firmware: stack size in bytes")
math(EXPR _cimvp_data_base "${CIMVP_FIRMWARE_RAM_BASE} + ${CIMVP_FIRMWARE_TEXT_SIZE}"
     OUTPUT_FORMAT HEXADECIMAL)
math(EXPR _cimvp_data_size "${CIMVP_FIRMWARE_RAM_SIZE} - ${CIMVP_FIRMWARE_TEXT_SIZE}"
     OUTPUT_FORMAT HEXADECIMAL)

# -misa-spec=2.2: with the 2.2 ISA spec, rv32imc includes Zicsr/Zifencei, so the assembler
# accepts CSR instructions, and gcc picks picolibc's rv32im/ilp32 multilib.
set(CIMVP_FIRMWARE_ARCH_FLAGS -march=rv32imc -misa-spec=2.2 -mabi=ilp32)
set(CIMVP_FIRMWARE_CFLAGS
    ${CIMVP_FIRMWARE_ARCH_FLAGS} --specs=picolibc.specs -O2 -g -std=gnu11
    -ffunction-sections -fdata-sections -Wall -Wextra -Werror
    -I${CMAKE_SOURCE_DIR}/sw/include -I${CMAKE_SOURCE_DIR})
set(CIMVP_FIRMWARE_LDFLAGS
    ${CIMVP_FIRMWARE_ARCH_FLAGS} --specs=picolibc.specs --oslib=semihost --crt0=semihost
    -Wl,--defsym=__flash=${CIMVP_FIRMWARE_RAM_BASE}
    -Wl,--defsym=__flash_size=${CIMVP_FIRMWARE_TEXT_SIZE}
    -Wl,--defsym=__ram=${_cimvp_data_base}
    -Wl,--defsym=__ram_size=${_cimvp_data_size}
    -Wl,--defsym=__stack_size=${CIMVP_FIRMWARE_STACK_SIZE})

# Depfiles let header edits rebuild firmware (Makefile generators support DEPFILE since 3.20).
if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.20 OR CMAKE_GENERATOR MATCHES "Ninja")
  set(_cimvp_use_depfile TRUE)
else()
  set(_cimvp_use_depfile FALSE)
endif()

# Compiles SOURCES into objects under the target's own folder; returns the object paths.
function(_cimvp_compile_firmware_objects target out_objects)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "" "SOURCES;INCLUDES;DEFINES")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "firmware ${target}: no SOURCES given")
  endif()
  set(extra_flags)
  foreach(dir IN LISTS ARG_INCLUDES)
    get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND extra_flags "-I${dir}")
  endforeach()
  foreach(def IN LISTS ARG_DEFINES)
    list(APPEND extra_flags "-D${def}")
  endforeach()
  set(object_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}.fw")
  set(objects)
  foreach(src IN LISTS ARG_SOURCES)
    get_filename_component(src "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    file(RELATIVE_PATH rel "${CMAKE_SOURCE_DIR}" "${src}")
    string(REGEX REPLACE "[^A-Za-z0-9_.-]" "_" rel "${rel}")
    set(obj "${object_dir}/${rel}.o")
    set(depfile_args)
    if(_cimvp_use_depfile)
      set(depfile_args DEPFILE "${obj}.d")
    endif()
    add_custom_command(
      OUTPUT "${obj}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${object_dir}"
      COMMAND ${CIMVP_RISCV_GCC} ${CIMVP_FIRMWARE_CFLAGS} ${extra_flags}
              -MMD -MP -MF "${obj}.d" -c "${src}" -o "${obj}"
      DEPENDS "${src}"
      ${depfile_args}
      COMMENT "Compiling RISC-V object ${rel}"
      COMMAND_EXPAND_LISTS VERBATIM)
    list(APPEND objects "${obj}")
  endforeach()
  set(${out_objects} ${objects} PARENT_SCOPE)
endfunction()

function(cimvp_add_firmware_library name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;INCLUDES;DEFINES")
  _cimvp_compile_firmware_objects(${name} objects
    SOURCES ${ARG_SOURCES} INCLUDES ${ARG_INCLUDES} DEFINES ${ARG_DEFINES})
  set(archive "${CMAKE_CURRENT_BINARY_DIR}/lib${name}.a")
  add_custom_command(
    OUTPUT "${archive}"
    COMMAND ${CMAKE_COMMAND} -E rm -f "${archive}"
    COMMAND ${CIMVP_RISCV_AR} rcs "${archive}" ${objects}
    DEPENDS ${objects}
    COMMENT "Archiving RISC-V library lib${name}.a"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS "${archive}")
  set_target_properties(${name} PROPERTIES FIRMWARE_FILE "${archive}")
endfunction()

function(cimvp_add_firmware name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;INCLUDES;DEFINES;LIBRARIES")
  _cimvp_compile_firmware_objects(${name} objects
    SOURCES ${ARG_SOURCES} INCLUDES ${ARG_INCLUDES} DEFINES ${ARG_DEFINES})
  set(library_files)
  foreach(lib IN LISTS ARG_LIBRARIES)
    if(NOT TARGET ${lib})
      message(FATAL_ERROR "firmware ${name}: ${lib} is not a firmware library target "
                          "(define it with cimvp_add_firmware_library before use)")
    endif()
    get_target_property(lib_file ${lib} FIRMWARE_FILE)
    list(APPEND library_files "${lib_file}")
  endforeach()
  set(elf "${CMAKE_CURRENT_BINARY_DIR}/${name}.elf")
  # --whole-archive is not used: libraries contribute only what the firmware references,
  # except objects that define symbols the crt0 would otherwise take (none so far).
  add_custom_command(
    OUTPUT "${elf}"
    COMMAND ${CIMVP_RISCV_GCC} ${CIMVP_FIRMWARE_LDFLAGS} ${objects} ${library_files}
            -Wl,-Map=${CMAKE_CURRENT_BINARY_DIR}/${name}.map -o "${elf}"
    DEPENDS ${objects} ${library_files} ${ARG_LIBRARIES}
    COMMENT "Linking RISC-V firmware ${name}.elf"
    COMMAND_EXPAND_LISTS VERBATIM)
  add_custom_target(${name} ALL DEPENDS "${elf}")
  set_target_properties(${name} PROPERTIES FIRMWARE_FILE "${elf}")
endfunction()
