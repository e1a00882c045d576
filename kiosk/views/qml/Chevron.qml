pragma ComponentBehavior: Bound
import QtQuick
import Lantern

// An arrow drawn from two rounded strokes, so no font has to carry the symbol.
Item {
    id: chevron

    property bool up: true
    property color ink: Theme.color.text
    property real stroke: Theme.mm * 1.2

    rotation: up ? 0 : 180

    Repeater {
        model: [-1, 1]
        Rectangle {
            required property int modelData
            width: chevron.width * 0.62
            height: chevron.stroke
            radius: height / 2
            color: chevron.ink
            x: chevron.width / 2 - width / 2 + modelData * width * 0.3
            y: chevron.height / 2 - height / 2
            rotation: modelData * 45
        }
    }
}
