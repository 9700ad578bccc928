<?php
/*
 * Test helper, run by TabTokenVectorsTest: signs every valid vector with the package's PHP signer and checks every
 * vector with its PHP verifier. Usage: php vectors.php <package dir> <vectors.json>. Prints JSON:
 * {"signed": {name: token}, "verified": {name: "ok" | error}, "refused": {name: "accepted" | error}}.
 */

require $argv[1] . '/parley/ParleyTabToken.php';

$vectors = json_decode(file_get_contents($argv[2]), true, 512, JSON_THROW_ON_ERROR);
$out = array('signed' => array(), 'verified' => array(), 'refused' => array());
foreach ($vectors['valid'] as $v) {
    $out['signed'][$v['name']] = ParleyTabToken::sign($v['secret'], $v['contactType'], $v['contactId'], $v['crmUser'],
        $v['expiresAt']);
    try {
        $now = isset($v['now']) ? $v['now'] : $vectors['now'];
        $claims = ParleyTabToken::verify($v['token'], $v['secret'], $now, $vectors['maxLifetimeSeconds']);
        $same = $claims === array('contactType' => $v['contactType'], 'contactId' => $v['contactId'],
                'crmUser' => $v['crmUser'], 'expiresAt' => $v['expiresAt']);
        $out['verified'][$v['name']] = $same ? 'ok' : 'claims differ: ' . json_encode($claims);
    } catch (InvalidArgumentException $e) {
        $out['verified'][$v['name']] = $e->getMessage();
    }
}
foreach ($vectors['refused'] as $v) {
    try {
        ParleyTabToken::verify($v['token'], $v['secret'], $v['now'], $vectors['maxLifetimeSeconds']);
        $out['refused'][$v['name']] = 'accepted';
    } catch (InvalidArgumentException $e) {
        $out['refused'][$v['name']] = $e->getMessage();
    }
}
echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR), "\n";
