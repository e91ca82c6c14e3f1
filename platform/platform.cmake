# The SystemC side of the platform (included from platform/CMakeLists.txt).

add_library(cimvp_platform STATIC
  ${CMAKE_CURRENT_LIST_DIR}/elf_loader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/semihosting.cpp
  ${CMAKE_CURRENT_LIST_DIR}/router.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ram.cpp
  ${CMAKE_CURRENT_LIST_DIR}/register_device.cpp
  ${CMAKE_CURRENT_LIST_DIR}/clint.cpp
  ${CMAKE_CURRENT_LIST_DIR}/uart.cpp
  ${CMAKE_CURRENT_LIST_DIR}/finisher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cpu.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cpu_energy.cpp
  ${CMAKE_CURRENT_LIST_DIR}/activity.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stats_regions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gdb_server.cpp
  ${CMAKE_CURRENT_LIST_DIR}/platform.cpp
  ${CMAKE_CURRENT_LIST_DIR}/value_parse.cpp
  ${CMAKE_CURRENT_LIST_DIR}/options.cpp
  ${CMAKE_CURRENT_LIST_DIR}/run_stats.cpp
  ${CMAKE_SOURCE_DIR}/ip/tlm/xbar_device.cpp
  ${CMAKE_SOURCE_DIR}/ip/tlm/xbar_queue.cpp
  ${CMAKE_SOURCE_DIR}/ip/tlm/queue_timing.cpp
  ${CMAKE_SOURCE_DIR}/ip/tlm/periphery.cpp)
# The accelerator's TLM model (ip/tlm) builds with the platform it plugs into.
target_include_directories(cimvp_platform PUBLIC ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_SOURCE_DIR}/ip
  ${CMAKE_SOURCE_DIR}/ip/tlm)
target_link_libraries(cimvp_platform PUBLIC cimvp_iss cimvp_xbar PkgConfig::SYSTEMC Boost::program_options
  nlohmann_json::nlohmann_json)
target_compile_options(cimvp_platform PRIVATE ${CIMVP_WARNINGS})

add_executable(cimvp ${CMAKE_CURRENT_LIST_DIR}/cimvp_main.cpp)
target_link_libraries(cimvp PRIVATE cimvp_platform)
target_compile_options(cimvp PRIVATE ${CIMVP_WARNINGS})

# Prints the accelerator's register tables for docs/crossbar/registers.md.
add_executable(xbar_regmap_doc ${CMAKE_SOURCE_DIR}/ip/tlm/xbar_regmap_doc.cpp)
target_include_directories(xbar_regmap_doc PRIVATE ${CMAKE_SOURCE_DIR}/ip/tlm)
target_compile_options(xbar_regmap_doc PRIVATE ${CIMVP_WARNINGS})
