import QtQuick
import Lantern

// The calm surface words sit on over the pictures: the scrim colour at an opacity that keeps every text
// colour at 7:1 over any picture, even pure white (tests/views/test_look.py), so no picture can break it.
Rectangle {
    radius: Theme.size.radius * 2
    color: Qt.alpha(Theme.color.scrim, Theme.color.scrim_opacity)
}
