<?php
/*
 * Test helper, run by SocialPanelTest: the package's pure PHP (no SuiteCRM) on inputs given as JSON on stdin.
 * Usage: php panel.php <package dir> < request.json, where request is one of
 *   {"op": "render", "config": $sugar_config, "contactType", "contactId", "crmUser", "now", "title"}
 *   {"op": "settings", "config": $sugar_config}
 *   {"op": "withSocialPanel" | "withoutSocialPanel", "viewdefs": ..., "module": ...}
 * Prints {"result": ...} or {"error": message}.
 */

$dir = $argv[1];
require $dir . '/parley/ParleyPanel.php';
require $dir . '/parley/ParleyLayout.php';

$request = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
try {
    switch ($request['op']) {
        case 'render':
            $result = ParleyPanel::render(ParleyPanel::settings($request['config']), $request['contactType'],
                $request['contactId'], $request['crmUser'], $request['now'], $request['title']);
            break;
        case 'settings':
            $result = ParleyPanel::settings($request['config']);
            break;
        case 'withSocialPanel':
            $result = ParleyLayout::withSocialPanel($request['viewdefs'], $request['module']);
            break;
        case 'withoutSocialPanel':
            $result = ParleyLayout::withoutSocialPanel($request['viewdefs'], $request['module']);
            break;
        default:
            throw new InvalidArgumentException('unknown op');
    }
    echo json_encode(array('result' => $result), JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
} catch (InvalidArgumentException $e) {
    echo json_encode(array('error' => $e->getMessage()), JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
}
