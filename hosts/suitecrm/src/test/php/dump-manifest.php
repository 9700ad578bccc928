<?php
/*
 * Test helper, run by ManifestTest and ModuleLoaderZipIT: loads a package's manifest.php as the Module Loader does and
 * prints {"manifest": $manifest, "installdefs": $installdefs} as JSON. Usage: php dump-manifest.php <package dir>.
 */

require $argv[1] . '/manifest.php';
echo json_encode(array('manifest' => $manifest, 'installdefs' => $installdefs),
    JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR), "\n";
